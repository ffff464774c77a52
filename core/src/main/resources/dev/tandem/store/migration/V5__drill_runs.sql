-- Runs of `tandem drill run` and of the drill scheduler: verdict, measured RPO and RTO, canary
-- p99 latency, failed checks, and the whole report as JSON (schema in the README under "Drills").
create table drill_runs (
    run_id         varchar(64)  not null primary key,
    drill          varchar(249) not null,
    flow           varchar(249) not null,
    started_at     timestamp with time zone not null,
    finished_at    timestamp with time zone not null,
    passed         boolean      not null,
    rpo_records    bigint,
    rpo_window_ms  bigint,
    rto_ms         bigint,
    canary_p99_ms  bigint,
    failures       text         not null,
    report_json    text         not null
);

create index drill_runs_by_drill on drill_runs (drill, started_at);
