package dev.tandem.cli.mirrormaker2;

import picocli.CommandLine.Command;

/** {@code tandem import}: other tools' configurations made into playbooks. */
@Command(name = "import", description = "Make a playbook from another tool's configuration.",
        subcommands = ImportMm2Command.class)
public final class ImportCommand {
}
