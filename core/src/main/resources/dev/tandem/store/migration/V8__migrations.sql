-- Every run of `tandem migrate`: who, when, how it ended, which groups, how many records the
-- comparison proved, each step's time, and the whole report as JSON (schema in the README under
-- "Migrating a cluster").
create table migrations (
    run_id           varchar(64)  not null primary key,
    flow             varchar(249) not null,
    operator         varchar(255) not null,
    started_at       timestamp with time zone not null,
    finished_at      timestamp with time zone not null,
    dry_run          boolean      not null,
    result           varchar(32)  not null, -- migrated | dry-run | refused | timed-out | different | partial
    groups_migrated  text         not null, -- the groups, comma-separated
    records_compared bigint       not null,
    failures         text         not null,
    report_json      text         not null
);

create index migrations_by_flow on migrations (flow, started_at);
