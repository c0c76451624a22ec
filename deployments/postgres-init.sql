-- Second database in the compose PostgreSQL: Prefect's own (the AQEA database is POSTGRES_DB).
CREATE DATABASE prefect OWNER aqea;
