-- Which verification run told a source gap (null: none yet). A run claims the untold gaps of its flow
-- in one update, so a gap is told by exactly one run whatever the hosts' clocks, and a drill's run
-- (not stored in verification_runs) tells a gap as well as a verify does.
alter table source_gaps add column told_by_run varchar(64);

-- the gaps a stored run already told under V10's rule (a run started after the gap was recorded)
update source_gaps set told_by_run = 'before-v11' where exists (select 1 from verification_runs v
    where v.flow = source_gaps.flow and v.started_at >= source_gaps.recorded_at);
