-- Which member of a flow's consumer group on the source last saved each partition's sync points and
-- progress. A member claims a partition at its first save after the source assigned it; a save from a
-- member the partition has moved away from since (a replicator frozen past its session timeout, woken
-- up) is refused, as its older sync points would replace the new owner's newer ones.
create table partition_owners (
    flow             varchar(249) not null,
    source_topic     varchar(249) not null,
    source_partition integer      not null,
    owner            varchar(512) not null,
    claimed_at       timestamp with time zone not null,
    primary key (flow, source_topic, source_partition)
);
