-- Checkpoints: the latest translated position of each consumer group, per flow and source
-- partition (see dev.tandem.checkpoints.Checkpoint). Written by `tandem replicate`'s
-- checkpointer when a checkpoint changes, and again every minute to confirm it.
create table checkpoints (
    flow             varchar(249)  not null,
    group_id         varchar(1024) not null,
    source_topic     varchar(249)  not null,
    source_partition integer       not null,
    source_offset    bigint        not null,
    target_topic     varchar(249)  not null,
    kind             varchar(32)   not null, -- exact | ahead-of-replication | no-sync-point
    target_offset    bigint,                 -- null for no-sync-point
    not_replicated   bigint        not null, -- records the group read that are not on the target yet
    committed_at     timestamp with time zone not null,
    checkpointed_at  timestamp with time zone not null,
    primary key (flow, group_id, source_topic, source_partition)
);

create index checkpoints_age on checkpoints (flow, checkpointed_at);

-- Progress rows are upserted without touching history_start, which a new row starts at 0.
alter table replication_progress alter column history_start set default 0;
