package dev.tandem.cli.sandbox;

import dev.tandem.cli.ExitCodes;
import dev.tandem.sandbox.Sandbox;
import java.io.PrintWriter;
import java.util.List;

/** Prints the sandbox clusters' state, one line each, and says whether all of them run. */
final class SandboxStatusTable {

    private SandboxStatusTable() {
    }

    /** Prints the table; returns 0 when every cluster runs, 5 (unreachable) otherwise. */
    static int print(List<Sandbox.ClusterStatus> statuses, PrintWriter out) {
        for (Sandbox.ClusterStatus s : statuses) {
            out.printf("%-5s %-8s %-16s %s%n", s.alias(), s.running() ? "running" : "stopped", s.bootstrap(),
                    (s.pid().map(pid -> "pid " + pid + "  ").orElse(""))
                            + s.clusterId().map(id -> "cluster-id " + id).orElse("not formatted"));
        }
        out.flush();
        return statuses.stream().allMatch(Sandbox.ClusterStatus::running) ? ExitCodes.OK : ExitCodes.UNREACHABLE;
    }
}
