package dev.tandem.playbook.load;

import dev.tandem.playbook.Playbook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one way to read a playbook: YAML text in, an immutable {@link Playbook} out, or an
 * {@link InvalidPlaybookException} listing every error with its YAML path and line.
 */
public final class PlaybookLoader {

    private final UnaryOperator<String> environment;
    private final ScheduleSyntax schedules;

    /**
     * @param environment looks up environment variables for {@code ${env:NAME}} (System::getenv in production);
     *                    {@code ${file:PATH}} references read files, relative ones from the playbook's folder
     * @param schedules   checks drills' schedules (the drills module's Quartz cron check in production)
     */
    public PlaybookLoader(UnaryOperator<String> environment, ScheduleSyntax schedules) {
        this.environment = environment;
        this.schedules = schedules;
    }

    public Playbook load(Path file) {
        String fileName = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidPlaybookException(fileName, List.of(new PlaybookError("", 0, "no such file")));
        } catch (IOException e) {
            throw new InvalidPlaybookException(fileName,
                    List.of(new PlaybookError("", 0, "cannot read: " + e.getMessage())));
        }
        return parse(text, fileName);
    }

    /**
     * Parses playbook text; {@code fileName} names the source in errors, and its folder is where
     * relative {@code ${file:...}} references start.
     */
    public Playbook parse(String text, String fileName) {
        List<PlaybookError> errors = new ArrayList<>();
        Optional<Playbook> playbook = new YamlTreeReader(errors).read(text)
                .flatMap(root -> new PlaybookBinder(new NodeReader(errors,
                        new References(environment, folderOf(fileName))), schedules).bind(root));
        if (!errors.isEmpty() || playbook.isEmpty()) {
            errors.sort(Comparator.comparingInt(PlaybookError::line));
            throw new InvalidPlaybookException(fileName, errors);
        }
        return playbook.get();
    }

    /** Where relative {@code ${file:...}} references start: the playbook's folder. */
    private static Path folderOf(String fileName) {
        Path parent = Path.of(fileName).toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
