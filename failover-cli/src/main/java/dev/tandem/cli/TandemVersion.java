package dev.tandem.cli;

import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

/** {@code tandem --version}: Tandem's version (from the jar manifest), Kafka clients' and Java's. */
final class TandemVersion implements IVersionProvider {

    static String tandemVersion() {
        String version = TandemVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "tandem " + tandemVersion(),
            "kafka-clients " + AppInfoParser.getVersion(),
            "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
