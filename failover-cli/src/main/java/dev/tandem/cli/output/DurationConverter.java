package dev.tandem.cli.output;

import dev.tandem.playbook.load.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/** Reads options like {@code --timeout 90s} with the playbook's duration syntax (ms, s, m, h, d). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return DurationText.parse(value).filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value
                        + "' is not a positive duration (e.g. 500ms, 30s, 5m, 1h)"));
    }
}
