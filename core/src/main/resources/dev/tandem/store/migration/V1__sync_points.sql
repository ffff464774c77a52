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

-- How far each partition has been replicated (see dev.tandem.offsets.ReplicationPosition):
-- every source offset below next_source_offset was copied or passed over; sync points are
-- complete from history_start on (0 until old ones are pruned).
create table replication_progress (
    flow               varchar(249) not null,
    source_topic       varchar(249) not null,
    source_partition   integer      not null,
    history_start      bigint       not null,
    next_source_offset bigint       not null,
    next_target_offset bigint       not null,
    updated_at         timestamp with time zone not null,
    primary key (flow, source_topic, source_partition)
);
