package dev.tandem.metrics;

import dev.tandem.http.PageServer;
import dev.tandem.http.PageServer.Page;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves a Prometheus registry at {@code http://HOST:PORT/metrics}, and the process's health for
 * orchestrators and load balancers: {@code /healthz} (liveness: restart me when not 200) and
 * {@code /ready} (readiness: I do my work now), each 200 or 503 with the reason as one line of text.
 */
public final class MetricsServer implements AutoCloseable {

    private final PageServer server;

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
        server = new PageServer(new InetSocketAddress(port), Map.of(
                "/metrics", () -> Page.of(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()),
                "/healthz", () -> answer(live.get()),
                "/ready", () -> answer(ready.get())));
    }

    private static Page answer(Health health) {
        return Page.text(health.up() ? 200 : 503, (health.up() ? "ok: " : "not ok: ") + health.reason());
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
