/**
 * DR drills: the runner that performs a playbook drill's steps (preflight, topology, canaries,
 * checkpoint, failover and failback rehearsals) and measures RPO and RTO, the Quartz scheduler
 * that runs drills on their cron schedules (alone or clustered through the store), and the cron
 * check the playbook loader uses.
 */
package dev.tandem.drills;
