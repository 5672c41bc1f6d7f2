-- Safeguard's database and its two roles, run once by a PostgreSQL superuser (README, Deploying).
--
--   owner: owns the schema and runs the migrations. Its password is used only while upgrading.
--   app:   the running service. It reads and writes rows, never owns, alters or truncates a table,
--          so it cannot disable the audit trail's append-only triggers (docs/adr/0004-audit-trail.md).
--
-- psql variables: db, owner, app, owner_password, app_password.

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";

\connect :"db"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- What the owner creates, now and in every later migration, the application may use: without these
-- default privileges the tables of the next upgrade would be out of the service's reach.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO :"app";
