from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safeguard.notifications"
    label = "notifications"

    def ready(self):
        # The routing rules are part of a host council's configuration, which reference (below this
        # app) seeds from a file and shows on its overview: this app tells it how.
        from safeguard.core.jobs import import_kind_register
        from safeguard.core.metrics import metric_source_register
        from safeguard.reference.host_sections import HostSection, host_section_register

        from .metrics import notification_metrics, work_item_metrics
        from .services import bulk, register_import, routing

        host_section_register(
            HostSection(
                key="routing",
                title="Routing rules",
                url_name="notifications:routing_rule_list",
                check=routing.routing_config_check,
                seed=routing.routing_rules_seed,
                summary=routing.routing_summary,
                standard=routing.STANDARD_ROUTING,
            )
        )
        # The SSDA903 upload is read in the background (docs/adr/0040).
        import_kind_register(bulk.KIND, bulk.ssda903_job_run)
        for kind in register_import.KINDS:  # the host's register spreadsheet (docs/adr/0036)
            import_kind_register(kind, register_import.register_job_run)
        # Its figures for /metrics.
        metric_source_register("notifications", notification_metrics)
        metric_source_register("work_items", work_item_metrics)
        # Notifications, with their e-mails and attachments, under the retention schedule (docs/adr/0041);
        # and which children it still keeps a record of, so that their register entry goes last.
        from safeguard.records.registry import child_records_register, record_source_register

        from .records import NOTIFICATIONS, children_with_notifications

        record_source_register(NOTIFICATIONS)
        child_records_register(children_with_notifications)
