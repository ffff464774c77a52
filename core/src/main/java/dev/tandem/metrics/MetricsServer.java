package dev.tandem.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Serves a Prometheus registry at {@code http://HOST:PORT/metrics}, and the process's health for
 * orchestrators and load balancers: {@code /healthz} (liveness: restart me when not 200) and
 * {@code /ready} (readiness: I do my work now), each 200 or 503 with the reason as one line of text.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    /** A server whose process is live and ready as long as it answers. */
    public MetricsServer(PrometheusMeterRegistry registry, int port) {
        this(registry, port, () -> Health.up("running"), () -> Health.up("running"));
    }

    /** Also adds the JVM's and the process's metrics (memory, GC, threads, CPU, uptime) to the registry. */
    public MetricsServer(PrometheusMeterRegistry registry, int port, Supplier<Health> live, Supplier<Health> ready) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry); // its listeners live as long as the process
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("serve metrics on port " + port, e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/healthz", exchange -> answer(exchange, live.get()));
        server.createContext("/ready", exchange -> answer(exchange, ready.get()));
        server.start();
    }

    private static void answer(HttpExchange exchange, Health health) throws IOException {
        byte[] body = ((health.up() ? "ok: " : "not ok: ") + health.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(health.up() ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
