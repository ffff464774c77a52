package dev.tandem.cli.mirrormaker2;

import dev.tandem.cli.ExitCodes;
import dev.tandem.cli.TandemCommand;
import dev.tandem.cli.UsageException;
import dev.tandem.mirrormaker2.config.Mm2Import.Imported;
import dev.tandem.mirrormaker2.config.Mm2Import;
import dev.tandem.playbook.FlowStart;
import dev.tandem.playbook.Playbook;
import dev.tandem.playbook.load.InvalidPlaybookException;
import dev.tandem.playbook.load.PlaybookLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem import mm2 FILE [-o PLAYBOOK]}: a MirrorMaker 2 properties file as a playbook, on stdout
 * or in PLAYBOOK, every setting left out told on stderr, then validated as {@code tandem validate} does.
 */
@Command(name = "mm2", description = {
        "Make a playbook from a MirrorMaker 2 properties file (connect-mirror-maker.properties).",
        "Settings without a Tandem equivalent are listed on stderr and at the top of the playbook; secrets become"
                + " ${env:NAME}. Exit 0 written, 3 invalid file or playbook, 2 no such file."})
public final class ImportMm2Command implements Callable<Integer> {

    static final String PLACEHOLDER = "set-before-use";
    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:[^}]*}");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The MirrorMaker 2 properties file.")
    private Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "PLAYBOOK",
            description = "Write the playbook here (an existing file is replaced) instead of stdout.")
    private Path output;

    @Option(names = "--start", paramLabel = "WHERE", defaultValue = "from-mirrormaker2",
            description = "Where the flows start partitions Tandem has no progress of: from-mirrormaker2 (default: after"
                    + " the last record MirrorMaker 2 copied, a takeover without a second copy) or earliest (their first"
                    + " record: for targets MirrorMaker 2 never wrote to).")
    private String start;

    @Override
    public Integer call() {
        FlowStart flowStart = FlowStart.of(start).filter(s -> s.equals(FlowStart.EARLIEST)
                || s.equals(FlowStart.FROM_MIRRORMAKER2)).orElseThrow(() -> new UsageException("import mm2: --start " + start
                + ": expected from-mirrormaker2 or earliest"));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("import mm2 " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("import mm2 " + file + ": cannot read: " + e.getMessage());
        }
        Imported imported = Mm2Import.convert(text, file.toString(), "Imported by `tandem import mm2` from the"
                + " MirrorMaker 2 configuration " + file + ".", flowStart);
        PrintWriter err = spec.commandLine().getErr();
        for (Mm2Import.Remark remark : imported.remarks()) {
            String where = remark.line() > 0 ? file + ":" + remark.line() : file.toString();
            String what = switch (remark.kind()) {
                case NOT_CARRIED_OVER -> "not carried over: ";
                case TYPO -> "probable typo: ";
                case NOTE -> "note: ";
            };
            err.println("tandem: " + where + ": " + remark.key() + ": " + what + remark.text());
        }
        for (Mm2Import.SecretVariable variable : imported.variables()) {
            err.println("tandem: " + file + ":" + variable.line() + ": " + variable.key() + ": set environment variable "
                    + variable.name() + " (" + variable.why() + ")");
        }
        String where = output == null ? "stdout" : output.toString();
        if (output == null) {
            spec.commandLine().getOut().print(imported.playbook());
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, imported.playbook(), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageException("import mm2: cannot write " + output + ": no such folder "
                        + output.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UsageException("import mm2: cannot write " + output + ": " + e.getMessage());
            }
        }
        Playbook playbook = validate(imported, output == null ? file.resolveSibling("imported-playbook.yaml")
                : output, where);
        err.println("tandem: import mm2: wrote " + where + " (" + playbook.clusters().size() + " clusters, "
                + playbook.flows().size() + " flows: " + playbook.flows().stream().map(f -> f.name())
                .collect(Collectors.joining(", ")) + "); it validates (tandem validate checks its ${env:...} and ${file:...} where it runs)");
        err.flush();
        return ExitCodes.OK;
    }

    /**
     * As {@code tandem validate} reads it, except its references: environment variables count as set and
     * files as readable (where the playbook runs, {@code tandem validate} checks them).
     */
    private Playbook validate(Imported imported, Path asFile, String where) {
        TandemCommand root = TandemCommand.of(spec);
        PlaybookLoader loader = root.playbookLoader(name -> Optional.ofNullable(root.environment().apply(name))
                .orElse(PLACEHOLDER));
        try {
            return loader.parse(FILE_REFERENCE.matcher(imported.playbook()).replaceAll(PLACEHOLDER), asFile.toString());
        } catch (InvalidPlaybookException e) {
            throw new InvalidPlaybookException(where, e.errors());
        }
    }
}
