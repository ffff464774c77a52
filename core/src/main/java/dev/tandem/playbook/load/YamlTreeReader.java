package dev.tandem.playbook.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with line numbers. Duplicate keys are errors
 * (the first value is kept so that the rest of the file is still checked).
 */
final class YamlTreeReader {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private final List<PlaybookError> errors;

    YamlTreeReader(List<PlaybookError> errors) {
        this.errors = errors;
    }

    /** The document's root, or empty when the text holds no document (an error is recorded). */
    Optional<YamlNode> read(String text) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                errors.add(new PlaybookError("", 1, "the playbook is empty"));
                return Optional.empty();
            }
            return Optional.of(readValue(parser, ""));
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(e));
            return Optional.empty();
        } catch (IOException e) {
            errors.add(new PlaybookError("", 0, "cannot read YAML: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private YamlNode readValue(JsonParser parser, String path) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readMapping(parser, path, line);
            case START_ARRAY -> readSequence(parser, path, line);
            case VALUE_STRING -> new YamlNode.Scalar(line, parser.getText(), YamlNode.Scalar.Kind.STRING);
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(line, parser.getText(), YamlNode.Scalar.Kind.INTEGER);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(line, parser.getText(), YamlNode.Scalar.Kind.FLOAT);
            case VALUE_TRUE, VALUE_FALSE ->
                    new YamlNode.Scalar(line, parser.getText(), YamlNode.Scalar.Kind.BOOLEAN);
            case VALUE_NULL -> new YamlNode.Scalar(line, "", YamlNode.Scalar.Kind.NULL);
            default -> new YamlNode.Scalar(line, parser.getText(), YamlNode.Scalar.Kind.STRING);
        };
    }

    private YamlNode readMapping(JsonParser parser, String path, int line) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = parser.currentTokenLocation().getLineNr();
            parser.nextToken();
            String keyPath = PlaybookPaths.child(path, key);
            YamlNode value = readValue(parser, keyPath);
            YamlNode.Entry earlier = entries.get(key);
            if (earlier != null) {
                errors.add(new PlaybookError(keyPath, keyLine,
                        "duplicate key (first defined on line " + earlier.keyLine() + ")"));
            } else {
                entries.put(key, new YamlNode.Entry(key, keyLine, value));
            }
        }
        return new YamlNode.Mapping(line, entries);
    }

    private YamlNode readSequence(JsonParser parser, String path, int line) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(readValue(parser, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(line, items);
    }

    /** SnakeYAML knows the problem and where it is; Jackson's own message starts with the context. */
    private static PlaybookError syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null ? "" : " (" + firstLine(yaml.getContext()) + ")";
            return new PlaybookError("", yaml.getProblemMark().getLine() + 1,
                    "not valid YAML: " + firstLine(yaml.getProblem()) + context);
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return new PlaybookError("", line, "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
