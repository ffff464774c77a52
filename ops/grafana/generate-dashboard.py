#!/usr/bin/env python3
# Writes tandem.json, the Grafana dashboard, beside this file: edit here, run, commit both.
# MonitoringContractIT checks every expression against what real processes expose.
import json, os
panels=[]; pid=[0]; y=[0]
def nid():
    pid[0]+=1; return pid[0]
def row(title):
    panels.append({"type":"row","title":title,"id":nid(),"collapsed":False,"gridPos":{"h":1,"w":24,"x":0,"y":y[0]},"panels":[]})
    y[0]+=1
x=[0]
def panel(title, targets, unit="short", axis="", kind="timeseries", w=8, h=8, desc="", thresholds=None, mappings=None, minv=0):
    if x[0]+w>24:
        x[0]=0; y[0]+=h
    p={"type":kind,"title":title,"id":nid(),"description":desc,
       "datasource":{"type":"prometheus","uid":"${datasource}"},
       "gridPos":{"h":h,"w":w,"x":x[0],"y":y[0]},
       "targets":[{"refId":chr(65+i),"expr":e,"legendFormat":l,"datasource":{"type":"prometheus","uid":"${datasource}"}} for i,(e,l) in enumerate(targets)],
       "fieldConfig":{"defaults":{"unit":unit,"min":minv,"custom":{"axisLabel":axis,"axisPlacement":"auto","drawStyle":"line","lineWidth":1,"fillOpacity":10,"showPoints":"never"} if kind=="timeseries" else {},
           "thresholds":{"mode":"absolute","steps":thresholds or [{"color":"green","value":None}]},
           **({"mappings":mappings} if mappings else {})},"overrides":[]},
       "options":({"legend":{"displayMode":"table","placement":"bottom","calcs":["lastNotNull","max"]},"tooltip":{"mode":"multi","sort":"desc"}} if kind=="timeseries" else {"reduceOptions":{"calcs":["lastNotNull"],"fields":"","values":False},"colorMode":"background","graphMode":"none","textMode":"value_and_name"})}
    panels.append(p); x[0]+=w
def newrow(title):
    x[0]=0; y[0]+=8; row(title)
F='flow=~"$flow"'; D='drill=~"$drill"'
passfail=[{"type":"value","options":{"0":{"text":"FAILED","color":"red"},"1":{"text":"passed","color":"green"}}}]
row("Replication")
panel("Records copied per second",[(f'sum by (flow) (rate(tandem_replicated_records_total{{{F}}}[1m]))',"{{flow}}")],"short","records/s",desc="Records copied to the target and acknowledged, per flow.")
panel("Bytes copied per second",[(f'sum by (flow) (rate(tandem_replicated_bytes_total{{{F}}}[1m]))',"{{flow}}")],"Bps","key + value bytes/s")
panel("Replicator processes up",[('sum(up{job="tandem-replicate"})',"up"),('count(up{job="tandem-replicate"})',"scraped")],"short","processes",kind="stat",thresholds=[{"color":"red","value":None},{"color":"green","value":1}])
panel("Lag (records)",[(f'sum by (flow) (tandem_replication_lag_records{{{F}}})',"{{flow}}")],"short","records behind the source",desc="Records on the source not read yet by the flow.")
panel("Lag (seconds)",[(f'max by (flow) (tandem_replication_lag_seconds{{{F}}})',"{{flow}}")],"s","seconds behind",desc="Age of the newest copied record when it was acknowledged, while behind; 0 when caught up.",thresholds=[{"color":"green","value":None},{"color":"orange","value":30},{"color":"red","value":300}])
panel("Sync point age",[(f'max by (flow) (tandem_last_sync_point_age_seconds{{{F}}})',"{{flow}}")],"s","seconds since the newest",desc="Seconds since the newest offset sync point; grows while the source is idle.")
panel("Errors and restarts (per 5 min)",[(f'sum by (flow, kind) (increase(tandem_replication_errors_total{{{F}}}[5m]))',"{{flow}} {{kind}}")],"short","errors / 5 min",desc="Failed sends by exception; kind restart counts flow restarts.")
panel("Records skipped per second",[(f'sum by (flow, reason) (rate(tandem_skipped_records_total{{{F}}}[1m]))',"{{flow}} {{reason}}")],"short","records/s",desc="origin-is-target: records that came from the flow's target (loop prevention).")
panel("Records lost at the source (per hour)",[(f'sum by (flow, topic) (increase(tandem_records_lost_at_source_total{{{F}}}[1h]))',"{{flow}} {{topic}}")],"short","records / hour",desc="Records the source deleted (retention, deleteRecords) before the flow copied them: they are on neither cluster now. The replicator's WARN names the partition and the offsets.",thresholds=[{"color":"green","value":None},{"color":"red","value":1}])
panel("Replicator CPU",[('max by (instance) (process_cpu_usage{job="tandem-replicate"})',"CPU {{instance}}")],"percentunit","CPU (1 = all cores)")
panel("Lag by partition (records, top 10)",[(f'topk(10, max by (flow, topic, partition) (tandem_replication_partition_lag_records{{{F}}}))',"{{flow}} {{topic}}-{{partition}}")],"short","records behind the source",w=12,desc="The ten source partitions farthest behind, from the process that copies each.")
panel("Lag by partition (seconds, top 10)",[(f'topk(10, max by (flow, topic, partition) (tandem_replication_partition_lag_seconds{{{F}}}))',"{{flow}} {{topic}}-{{partition}}")],"s","seconds behind",w=12,desc="Per source partition: age of its newest copied record when acknowledged, while behind.")
newrow("Checkpoints")
panel("Checkpoint age and failover limit",[(f'max by (flow) (tandem_checkpoint_last_cycle_age_seconds{{{F}}})',"age {{flow}}"),(f'max by (flow) (tandem_checkpoint_max_age_seconds{{{F}}})',"failover limit {{flow}}")],"s","seconds",desc="Seconds since the last good checkpoint cycle, against failover.max-checkpoint-age.")
panel("RPO exposure",[(f'sum by (flow) (tandem_checkpoint_records_not_replicated{{{F}}})',"{{flow}}")],"short","records not on the target",desc="Records the checkpointed groups consumed on the source that are not on the target yet.")
panel("Checkpoint cycle time",[(f'sum by (flow) (rate(tandem_checkpoint_cycle_seconds_sum{{{F}}}[5m])) / sum by (flow) (rate(tandem_checkpoint_cycle_seconds_count{{{F}}}[5m]))',"mean {{flow}}"),(f'max by (flow) (tandem_checkpoint_cycle_seconds_max{{{F}}})',"max {{flow}}")],"s","seconds per cycle")
panel("Groups and partitions checkpointed",[(f'sum by (flow) (tandem_checkpoint_groups{{{F}}})',"groups {{flow}}"),(f'sum by (flow) (tandem_checkpoint_partitions{{{F}}})',"partitions {{flow}}")],"short","count")
panel("Checkpoints written and failed cycles (per 5 min)",[(f'sum by (flow) (increase(tandem_checkpoints_written_total{{{F}}}[5m]))',"written {{flow}}"),(f'sum by (flow) (increase(tandem_checkpoint_failures_total{{{F}}}[5m]))',"failed cycles {{flow}}")],"short","per 5 min")
newrow("Verification")
panel("Canary latency",[(f'histogram_quantile(0.5, sum by (le, flow) (rate(tandem_verify_canary_latency_ms_bucket{{{F}}}[15m])))',"p50 {{flow}}"),(f'histogram_quantile(0.99, sum by (le, flow) (rate(tandem_verify_canary_latency_ms_bucket{{{F}}}[15m])))',"p99 {{flow}}")],"ms","end-to-end ms",desc="Source acknowledgement to arrival on the target, of the continuous verifier's canaries.")
panel("Canaries lost, duplicated, reordered (per hour)",[(f'sum by (flow) (increase(tandem_verify_canaries_lost_total{{{F}}}[1h]))',"lost {{flow}}"),(f'sum by (flow) (increase(tandem_verify_canaries_duplicated_total{{{F}}}[1h]))',"duplicated {{flow}}"),(f'sum by (flow) (increase(tandem_verify_canaries_reordered_total{{{F}}}[1h]))',"reordered {{flow}}")],"short","canaries / hour")
panel("Last verification",[(f'min by (flow) (tandem_verify_last_run_passed{{{F}}})',"{{flow}}")],"short",kind="stat",mappings=passfail,thresholds=[{"color":"red","value":None},{"color":"green","value":1}])
panel("Verifier's checkpoint",[(f'max by (flow) (tandem_verify_checkpoint_age_seconds{{{F}}})',"age s {{flow}}"),(f'max by (flow) (tandem_verify_checkpoint_error_records{{{F}}})',"records off {{flow}}")],"short","seconds / records",desc="Age of the verifier group's checkpoint, and how many records off it was (0: exact).")
panel("Verification runs (per hour)",[(f'sum by (flow, result) (increase(tandem_verify_runs_total{{{F}}}[1h]))',"{{result}} {{flow}}"),(f'sum by (flow) (increase(tandem_verify_canaries_sent_total{{{F}}}[1h]))',"canaries sent {{flow}}")],"short","per hour")
newrow("Drills")
panel("Last drill",[(f'min by (drill) (tandem_drill_last_passed{{{D}}})',"{{drill}}")],"short",kind="stat",mappings=passfail,thresholds=[{"color":"red","value":None},{"color":"green","value":1}])
panel("Last RPO and RTO",[(f'max by (drill) (tandem_drill_last_rpo_records{{{D}}})',"RPO records {{drill}}"),(f'max by (drill) (tandem_drill_last_rto_seconds{{{D}}})',"RTO s {{drill}}")],"short","records / seconds",desc="Measured by the last run's failover rehearsal.")
panel("Since the last drill",[(f'time() - max by (drill) (tandem_drill_last_run_timestamp_seconds{{{D}}})',"since last {{drill}}"),(f'max by (drill) (tandem_drill_schedule_interval_seconds{{{D}}})',"schedule interval {{drill}}")],"s","seconds",desc="Time since the last run ended, against the time between two firings of the schedule.")
panel("Drill runs (per day)",[(f'sum by (drill, result) (increase(tandem_drill_runs_total{{{D}}}[1d]))',"{{result}} {{drill}}")],"short","runs / day",w=12)
panel("Drill schedulers up",[('sum(up{job="tandem-drills"})',"up")],"short","processes",kind="stat",w=12,thresholds=[{"color":"red","value":None},{"color":"green","value":1}])
dash={"title":"Tandem","uid":"tandem-dr","description":"Tandem: replication, checkpoints, verification, drills (ops/grafana/tandem.json)",
 "schemaVersion":39,"version":1,"editable":True,"tags":["kafka","tandem","disaster-recovery"],"time":{"from":"now-6h","to":"now"},"refresh":"30s",
 "templating":{"list":[
  {"type":"datasource","name":"datasource","label":"Prometheus","query":"prometheus","current":{}},
  {"type":"query","name":"flow","label":"flow","datasource":{"type":"prometheus","uid":"${datasource}"},"query":{"query":"label_values(tandem_replicated_records_total, flow)","refId":"flows"},"definition":"label_values(tandem_replicated_records_total, flow)","includeAll":True,"multi":True,"allValue":".*","refresh":2,"current":{}},
  {"type":"query","name":"drill","label":"drill","datasource":{"type":"prometheus","uid":"${datasource}"},"query":{"query":"label_values(tandem_drill_schedule_interval_seconds, drill)","refId":"drills"},"definition":"label_values(tandem_drill_schedule_interval_seconds, drill)","includeAll":True,"multi":True,"allValue":".*","refresh":2,"current":{}}]},
 "annotations":{"list":[]},"panels":panels}
json.dump(dash,open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'tandem.json'),'w'),indent=2)
print(len(panels))
