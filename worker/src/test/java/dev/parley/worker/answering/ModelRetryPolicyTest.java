package dev.parley.worker.answering;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.util.DateTimeRfc1123;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ModelRetryPolicyTest {

    @Test
    void retryAfterMillisecondsWinOverSeconds() {
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "2").set(HttpHeaderName.RETRY_AFTER_MS, "1500");

        assertThat(ModelRetryPolicy.retryAfter(headers)).contains(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateIsUnderstood() {
        assertThat(ModelRetryPolicy.retryAfter(new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "3")))
                .contains(Duration.ofSeconds(3));
        assertThat(ModelRetryPolicy.retryAfter(new HttpHeaders().set(HttpHeaderName.X_MS_RETRY_AFTER_MS, "250")))
                .contains(Duration.ofMillis(250));
        String inTenSeconds = new DateTimeRfc1123(OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(10)).toString();
        assertThat(ModelRetryPolicy.retryAfter(new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, inTenSeconds)))
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
    }

    @Test
    void noOrUnreadableRetryAfterMeansBackoff() {
        assertThat(ModelRetryPolicy.retryAfter(new HttpHeaders())).isEmpty();
        assertThat(ModelRetryPolicy.retryAfter(new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "soon"))).isEmpty();
        assertThat(ModelRetryPolicy.backoff(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(ModelRetryPolicy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ModelRetryPolicy.backoff(30)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void timeoutsAndBrokenConnectionsAreTransientOtherErrorsAreNot() {
        assertThat(ModelRetryPolicy.isTransient(new RuntimeException(new TimeoutException("slow")))).isTrue();
        assertThat(ModelRetryPolicy.isTransient(new RuntimeException(new IOException("reset")))).isTrue();
        assertThat(ModelRetryPolicy.isTransient(new IllegalArgumentException("bug"))).isFalse();
    }
}
