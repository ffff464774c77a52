package dev.tandem.cli.playbook;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.playbook.Playbook;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem validate PLAYBOOK}: checks a playbook offline and summarises it. */
@Command(name = "validate",
        description = "Check a playbook and print what it describes. Exit 0 when valid, 3 with every error otherwise.")
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook YAML file.")
    private Path playbookFile;

    @Override
    public Integer call() {
        Playbook playbook = TandemCommand.of(spec).loadPlaybook(playbookFile);
        spec.commandLine().getOut().print(new PlaybookSummary(playbook).render(playbookFile.toString()));
        return ExitCodes.OK;
    }
}
