package dev.tandem.cli.output;

import dev.tandem.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report file (--report), creating its folder; a file that cannot be written is a usage error naming it. */
public final class ReportFile {

    private ReportFile() {
    }

    public static void write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UsageException("cannot write the report " + file + ": " + e.getMessage());
        }
    }
}
