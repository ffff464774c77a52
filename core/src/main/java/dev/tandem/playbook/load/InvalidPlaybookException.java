package dev.tandem.playbook.load;

import java.util.List;
import java.util.stream.Collectors;

/** A playbook could not be read; carries every error found, in file order. */
public final class InvalidPlaybookException extends RuntimeException {

    private final String fileName;
    private final List<PlaybookError> errors;

    public InvalidPlaybookException(String fileName, List<PlaybookError> errors) {
        super(errors.isEmpty() ? fileName + ": invalid playbook" : errors.get(0).format(fileName));
        this.fileName = fileName;
        this.errors = List.copyOf(errors);
    }

    public String fileName() {
        return fileName;
    }

    public List<PlaybookError> errors() {
        return errors;
    }

    /** One line per error, {@code file:line: path: message}. */
    public List<String> formattedErrors() {
        return errors.stream().map(e -> e.format(fileName)).collect(Collectors.toList());
    }
}
