package org.inetboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ReportReceiverTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private int put(ReportReceiver receiver, String name, String method, byte[] body) throws Exception {
        var uri = URI.create(receiver.guestUrl().replace("10.0.2.2", "127.0.0.1") + name);
        var request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void keepsTheLatestOfEachNameUntilTaken() throws Exception {
        try (var receiver = ReportReceiver.start()) {
            assertThat(put(receiver, "trace", "PUT", "1".getBytes())).isEqualTo(204);
            assertThat(put(receiver, "trace", "PUT", "2".getBytes())).isEqualTo(204);
            assertThat(put(receiver, "stats.json", "PUT", "{}".getBytes())).isEqualTo(204);
            assertThat(receiver.take("trace")).contains("2");
            assertThat(receiver.take("trace")).isEmpty();
            assertThat(receiver.take("stats.json")).contains("{}");
        }
    }

    @Test
    void refusesOtherMethodsNamesAndOversizedBodies() throws Exception {
        try (var receiver = ReportReceiver.start()) {
            assertThat(put(receiver, "trace", "POST", "1".getBytes())).isEqualTo(400);
            assertThat(put(receiver, "..%2Fetc", "PUT", "1".getBytes())).isEqualTo(400);
            assertThat(put(receiver, "a/b", "PUT", "1".getBytes())).isEqualTo(400);
            assertThat(put(receiver, "trace", "PUT", new byte[(4 << 20) + 1])).isEqualTo(400);
            assertThat(receiver.take("trace")).isEmpty();
        }
    }
}
