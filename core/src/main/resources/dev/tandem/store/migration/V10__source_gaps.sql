-- Records a flow found deleted on its source before it copied them (retention, deleteRecords):
-- offsets from_offset to to_offset - 1 of one source partition. The replicator writes a row when
-- it finds the gap; tandem verify fails on the rows recorded since the flow's previous verification.
create table source_gaps (
    flow             varchar(249)  not null,
    source_topic     varchar(249)  not null,
    source_partition integer       not null,
    from_offset      bigint        not null,
    to_offset        bigint        not null,
    recorded_at      timestamp with time zone not null,
    primary key (flow, source_topic, source_partition, from_offset)
);
