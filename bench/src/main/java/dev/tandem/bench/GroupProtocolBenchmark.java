package dev.tandem.bench;

import dev.tandem.sandbox.BrokerClasspath;
import dev.tandem.sandbox.JvmProfile;
import dev.tandem.sandbox.Sandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer group protocols of Kafka 4 as a flow's consumer would use them, on a real broker: the classic
 * protocol with the cooperative sticky assignor and the replicator's 10 s session timeout (what Tandem uses), and
 * KIP-848's {@code group.protocol=consumer} (the broker assigns; its session timeout is the broker's
 * {@code group.consumer.session.timeout.ms}, 45 s by default and at least {@code group.consumer.min.session.timeout.ms},
 * also 45 s). Measures, {@code rounds} times each, taking turns: the first join of a new group (from the consumer's
 * creation until it owns all the topic's 8 partitions), and the hand-over after a member dies (two members, one in
 * a child JVM killed with SIGKILL; from the kill until the survivor owns all 8).
 * Usage: GroupProtocolBenchmark ROUNDS WORK_DIR.
 */
public final class GroupProtocolBenchmark {

    static final String TOPIC = "groups";
    static final int PARTITIONS = 8;
    private static final Duration BOUND = Duration.ofSeconds(120);

    private GroupProtocolBenchmark() {
    }

    /** One protocol as a flow's consumer would be configured for it. */
    enum Protocol {
        CLASSIC_COOPERATIVE("classic, cooperative-sticky, session.timeout.ms 10000", Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)),
        CONSUMER("consumer (KIP-848), the broker's defaults", Map.of(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"));

        final String label;
        final Map<String, Object> settings;

        Protocol(String label, Map<String, Object> settings) {
            this.label = label;
            this.settings = settings;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).resolve("groups-" + System.currentTimeMillis()));
        Sandbox sandbox = new Sandbox(work.resolve("clusters"), 17092, 27092, JvmProfile.STEADY,
                BrokerClasspath.locate(), Clock.systemUTC());
        try {
            sandbox.up();
            String bootstrap = sandbox.east().bootstrap();
            new Clusters(bootstrap, sandbox.west().bootstrap()).createTopic(bootstrap, TOPIC, PARTITIONS);
            AtomicInteger groups = new AtomicInteger();
            List<String[]> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (Protocol protocol : Protocol.values()) {
                    Duration join = firstJoin(bootstrap, "join-" + groups.incrementAndGet(), protocol);
                    Duration handOver = handOver(bootstrap, "handover-" + groups.incrementAndGet(), protocol);
                    System.err.printf("round %d, %s: first join %d ms, hand-over %d ms%n", round, protocol.label,
                            join.toMillis(), handOver.toMillis());
                    rows.add(new String[] {String.valueOf(round), protocol.label, seconds(join), seconds(handOver)});
                }
            }
            System.out.printf("%nOne topic of %d partitions; a member's first join of a new group (creation to owning"
                    + " all), and the hand-over after the other member's SIGKILL (kill to owning all)%n%n", PARTITIONS);
            System.out.println("| round | protocol | first join | hand-over after a SIGKILL |");
            System.out.println("| ---: | --- | ---: | ---: |");
            for (String[] row : rows) {
                System.out.printf("| %s | %s | %s | %s |%n", (Object[]) row);
            }
        } finally {
            sandbox.down();
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.2f s", d.toMillis() / 1000.0);
    }

    static Map<String, Object> config(String bootstrap, String group, Protocol protocol) {
        Map<String, Object> config = new HashMap<>(protocol.settings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, Protocol protocol) {
        return new KafkaConsumer<>(config(bootstrap, group, protocol), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static Duration firstJoin(String bootstrap, String group, Protocol protocol) {
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group, protocol)) {
            consumer.subscribe(List.of(TOPIC));
            pollUntilOwning(consumer, PARTITIONS, start);
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private static Duration handOver(String bootstrap, String group, Protocol protocol) throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), GroupMember.class.getName(), bootstrap, group,
                protocol.name()).redirectErrorStream(true).start();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group, protocol)) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("owning ")) {
                // its log, until it owns partitions
            }
            if (line == null) {
                throw new IllegalStateException("the other member ended before owning partitions");
            }
            consumer.subscribe(List.of(TOPIC));
            // both members own some: the group is balanced (the other one prints each assignment it gets)
            long deadline = System.nanoTime() + BOUND.toNanos();
            int otherOwns = Integer.parseInt(line.substring("owning ".length()).strip());
            while (consumer.assignment().isEmpty() || consumer.assignment().size() + otherOwns != PARTITIONS) {
                consumer.poll(Duration.ofMillis(100));
                while (lines.ready() && (line = lines.readLine()) != null) {
                    if (line.startsWith("owning ")) {
                        otherOwns = Integer.parseInt(line.substring("owning ".length()).strip());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(protocol + ": the two members did not share the partitions in "
                            + BOUND);
                }
            }
            long killed = System.nanoTime();
            other.destroyForcibly(); // SIGKILL
            pollUntilOwning(consumer, PARTITIONS, killed);
            return Duration.ofNanos(System.nanoTime() - killed);
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    private static void pollUntilOwning(KafkaConsumer<byte[], byte[]> consumer, int partitions, long since) {
        while (consumer.assignment().size() < partitions) {
            consumer.poll(Duration.ofMillis(50));
            if (System.nanoTime() - since > BOUND.toNanos()) {
                throw new IllegalStateException("owning " + consumer.assignment().size() + " of " + partitions
                        + " partitions after " + BOUND);
            }
        }
    }

    /** The other member, in a JVM of its own: polls until killed, printing {@code owning N} at each change. */
    public static final class GroupMember {
        private GroupMember() {
        }

        public static void main(String[] args) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(args[0], args[1], Protocol.valueOf(args[2]))) {
                consumer.subscribe(List.of(TOPIC));
                int owned = -1;
                while (true) {
                    consumer.poll(Duration.ofMillis(100));
                    int now = consumer.assignment().size();
                    if (now != owned && now > 0) {
                        System.out.println("owning " + now);
                        System.out.flush();
                    }
                    owned = now;
                }
            }
        }
    }
}
