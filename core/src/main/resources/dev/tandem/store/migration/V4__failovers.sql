-- Every run of `tandem failover` and `tandem failback`: who, when, the plan and what happened
-- (the JSON the command prints with --output json).
create table failovers (
    run_id      varchar(64)      not null primary key,
    direction   varchar(16)      not null, -- failover | failback
    flow        varchar(249)     not null,
    operator    varchar(255)     not null,
    started_at  timestamp with time zone not null,
    dry_run     boolean          not null,
    result      varchar(32)      not null, -- dry-run | applied | no-op | refused | partial
    report_json text             not null
);

create index failovers_by_flow on failovers (flow, started_at);
