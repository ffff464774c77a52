-- When the checkpointer last saw the group at an earlier offset: the commit was made between this
-- and committed_at (null when the checkpointer never saw the group before at this partition).
-- `tandem failover --by-timestamp` starts from it.
alter table checkpoints add column committed_after timestamp with time zone;
