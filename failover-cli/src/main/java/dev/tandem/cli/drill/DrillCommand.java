package dev.tandem.cli.drill;

import picocli.CommandLine.Command;

/** {@code tandem drill}: DR drills described in the playbook. */
@Command(name = "drill", description = "DR drills from the playbook's drills section: run one now, run them on schedule, list past runs.",
        subcommands = {DrillRunCommand.class, DrillScheduleCommand.class, DrillHistoryCommand.class})
public final class DrillCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (run, history)");
    }
}
