package dev.tandem.mirrormaker2.config;

import dev.tandem.playbook.load.InvalidPlaybookException;
import dev.tandem.playbook.load.PlaybookError;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads a Java properties file, as MirrorMaker 2 does ({@link Properties#load}), keeping the line each
 * setting starts on: logical lines are found here (comments, blank lines, continuation lines ending in
 * an odd number of backslashes), and each one is decoded by {@code Properties} itself, so that
 * separators, escapes and white space mean exactly what they mean to MirrorMaker 2.
 */
public final class Mm2Properties {

    private Mm2Properties() {
    }

    /**
     * Every setting in file order, repeated keys included (the last one is what MirrorMaker 2 uses).
     *
     * @throws InvalidPlaybookException naming the line of a malformed {@code \\uXXXX} escape
     */
    public static List<Mm2Entry> parse(String text, String fileName) {
        List<Mm2Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripLeading(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            int start = i + 1;
            StringBuilder logical = new StringBuilder();
            while (endsInContinuation(line) && i + 1 < lines.length) {
                logical.append(line, 0, line.length() - 1);
                line = stripLeading(lines[++i]);
            }
            logical.append(endsInContinuation(line) ? line.substring(0, line.length() - 1) : line);
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidPlaybookException(fileName, List.of(new PlaybookError("", start,
                        "not a properties line: " + e.getMessage())));
            }
            for (String key : one.stringPropertyNames()) {
                entries.add(new Mm2Entry(key, one.getProperty(key), start));
            }
        }
        return entries;
    }

    private static boolean endsInContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) {
            i++;
        }
        return line.substring(i);
    }
}
