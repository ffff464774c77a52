-- Runs of `tandem verify`: when, which flow, the verdict, and the whole report as JSON (the
-- schema documented in the README under "Verification").
create table verification_runs (
    run_id      varchar(64)     not null primary key,
    flow        varchar(249)    not null,
    started_at  timestamp with time zone not null,
    finished_at timestamp with time zone not null,
    passed      boolean         not null,
    report_json text             not null
);

create index verification_runs_by_flow on verification_runs (flow, started_at);
