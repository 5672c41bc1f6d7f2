"""The editor's admin: a page under a review workflow is published by its workflow only."""

from wagtail import hooks

from . import workflows

hooks.register("before_edit_page", workflows.publish_through_workflow_only_on_edit)
hooks.register("before_create_page", workflows.publish_through_workflow_only_on_create)
hooks.register("before_bulk_action", workflows.publish_through_workflow_only_in_bulk)
hooks.register("construct_page_action_menu", workflows.hide_publish_under_workflow)
