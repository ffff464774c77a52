-- Sync points: exact positions of replicated records (see dev.tandem.offsets.SyncPoint).
-- Written by `tandem replicate` before it commits the source offsets they cover.
create table sync_points (
    flow             varchar(249) not null,
    source_topic     varchar(249) not null,
    source_partition integer      not null,
    source_offset    bigint       not null,
    target_topic     varchar(249) not null,
    target_offset    bigint       not null,
    ends_segment     boolean      not null,
    recorded_at      timestamp with time zone not null,
    primary key (flow, source_topic, source_partition, source_offset)
);

-- The newest replicated record per partition: how far replication has got.
create table replication_progress (
    flow               varchar(249) not null,
    source_topic       varchar(249) not null,
    source_partition   integer      not null,
    last_source_offset bigint       not null,
    last_target_offset bigint       not null,
    updated_at         timestamp with time zone not null,
    primary key (flow, source_topic, source_partition)
);
