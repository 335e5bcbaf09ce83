package dev.parley.worker;

import dev.parley.fakes.entra.FakeEntra;
import dev.parley.fakes.openai.FakeAzureOpenAi;
import dev.parley.fakes.tls.TestTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model path's stand-ins over real TLS: a fake Entra that the real WorkloadIdentityCredential
 * gets tokens from (through a projected token file written at test time), and a fake Azure OpenAI
 * that accepts only those tokens.
 */
public final class ModelFakes implements AutoCloseable {

    public static final String DEPLOYMENT = "gpt-4o";

    private final FakeEntra entra;
    private final FakeAzureOpenAi openAi;
    private final Path tokenFile;

    ModelFakes(Duration tokenLifetime, Duration latency) {
        TestTls.installAsDefaultTrust();
        entra = FakeEntra.builder().tenantId("parley-tenant").clientId("parley-worker")
                .tokenLifetime(tokenLifetime).build().start();
        try {
            tokenFile = entra.writeFederatedTokenFile(Files.createTempDirectory("parley-wi").resolve("azure-identity-token"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openAi = FakeAzureOpenAi.builder().entra(entra).deployment(DEPLOYMENT).latency(latency).build().start();
    }

    public FakeEntra entra() {
        return entra;
    }

    public FakeAzureOpenAi openAi() {
        return openAi;
    }

    /** Workload identity settings as the webhook would inject them, plus the model's endpoint. */
    Map<String, Object> workerProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("parley.answering.mode", "azure-openai");
        p.put("parley.answering.endpoint", openAi.endpoint());
        p.put("parley.answering.deployment", DEPLOYMENT);
        p.put("parley.identity.client-id", entra.clientId());
        p.put("parley.identity.tenant-id", entra.tenantId());
        p.put("parley.identity.authority-host", entra.authorityHost());
        p.put("parley.identity.token-file", tokenFile.toString());
        p.put("parley.identity.disable-instance-discovery", "true");
        p.put("parley.identity.exclude", "managed,cli");
        return p;
    }

    @Override
    public void close() {
        openAi.close();
        entra.close();
    }
}
