package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.http.PageServer.Page;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(PageServer server, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachPathItsPageOthers404AFailingPage500AndHeadNoBody() throws Exception {
        try (PageServer server = new PageServer(new InetSocketAddress("127.0.0.1", 0), Map.of(
                "/ok", () -> Page.text(200, "fine"),
                "/broken", () -> {
                    throw new StackOverflowError("deep");
                }))) {
            assertThat(get(server, "GET", "/ok").body()).isEqualTo("fine\n");
            assertThat(get(server, "GET", "/ok/more").statusCode()).isEqualTo(404);
            HttpResponse<String> broken = get(server, "GET", "/broken");
            assertThat(broken.statusCode()).isEqualTo(500);
            assertThat(broken.body()).contains("StackOverflowError: deep");
            HttpResponse<String> head = get(server, "HEAD", "/ok");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(get(server, "GET", "/ok").body()).as("still serving after all that").isEqualTo("fine\n");
        }
    }

    @Test
    void aPortInUseIsToldWithTheReason() {
        try (PageServer first = new PageServer(new InetSocketAddress("127.0.0.1", 0), Map.of())) {
            assertThatThrownBy(() -> new PageServer(new InetSocketAddress("127.0.0.1", first.port()), Map.of()))
                    .isInstanceOf(PageServer.CannotListen.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port() + ": ")
                    .hasMessageContaining("in use");
        }
    }
}
