package dev.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra/provision.sh run against infra/test/fake-az, which remembers what it "created". */
class ProvisionScriptTest {

    static final Path ROOT = Path.of(System.getProperty("parley.root", "..")).toAbsolutePath().normalize();

    @TempDir Path dir;
    Path state;
    Map<String, String> env;

    @BeforeEach
    void fakeAzOnPath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path az = bin.resolve("az");
        Files.copy(ROOT.resolve("infra/test/fake-az"), az, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
        state = dir.resolve("state");
        env = new HashMap<>(Map.of(
                "PATH", bin + ":" + System.getenv("PATH"),
                "FAKE_AZ_STATE", state.toString(),
                "RESOURCE_GROUP", "rg",
                "LOCATION", "swedencentral",
                "SB_NAMESPACE", "parley-bus",
                "OPENAI_ACCOUNT", "parley-oai",
                "AKS_CLUSTER", "parley-aks"));
    }

    @Test
    void createsSessionQueuesWithoutKeysAndAssignsRolesAtQueueOrAccountScopeOnly() throws Exception {
        Result run = provision();

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> calls = Files.readAllLines(state.resolve("calls"));
        assertThat(calls).anySatisfy(c -> assertThat(c)
                .startsWith("az servicebus namespace create").contains("--disable-local-auth true").contains("--sku Standard"));
        assertThat(calls).filteredOn(c -> c.startsWith("az servicebus queue create"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c).contains("--enable-session true").contains("--enable-duplicate-detection true"));
        assertThat(calls).anySatisfy(c -> assertThat(c)
                .startsWith("az cognitiveservices account create").contains("--custom-domain parley-oai"));
        assertThat(calls).anySatisfy(c -> assertThat(c).contains("properties.disableLocalAuth=true"));

        List<String> roles = Files.readAllLines(state.resolve("roles"));
        String bus = "/providers/X/parley-bus";
        assertThat(roles).containsExactlyInAnyOrder(
                "principal-parley-worker-id|Azure Service Bus Data Receiver|" + scope(bus + "/queues/parley-questions"),
                "principal-parley-worker-id|Azure Service Bus Data Sender|" + scope(bus + "/queues/parley-replies"),
                "principal-parley-worker-id|Azure Service Bus Data Sender|" + scope(bus + "/queues/parley-questions"),
                "principal-parley-worker-id|Cognitive Services OpenAI User|" + scope("/providers/X/parley-oai"),
                "principal-parley-keda-id|Azure Service Bus Data Owner|" + scope(bus + "/queues/parley-questions"));

        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("az identity federated-credential create")
                .contains("--subject system:serviceaccount:parley:parley-worker")
                .contains("--audiences api://AzureADTokenExchange"));
        assertThat(calls).anySatisfy(c -> assertThat(c).startsWith("az identity federated-credential create")
                .contains("--subject system:serviceaccount:kube-system:keda-operator"));
        assertThat(run.stdout()).contains("client-parley-worker-id").contains("client-parley-keda-id");
    }

    @Test
    void aSecondRunCreatesAndAssignsNothing() throws Exception {
        assertThat(provision().exitCode()).isZero();
        Files.delete(state.resolve("calls"));

        Result again = provision();

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(Files.readAllLines(state.resolve("calls")))
                .noneMatch(c -> c.contains(" create ") && !c.startsWith("az group create"));
        assertThat(again.stderr()).doesNotContain("creating").doesNotContain("assigning");
    }

    @Test
    void aMissingSettingStopsBeforeAnyAzureCallAndNamesIt() throws Exception {
        env.remove("SB_NAMESPACE");

        Result run = provision();

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr()).contains("SB_NAMESPACE");
        assertThat(state.resolve("calls")).doesNotExist();
    }

    private static String scope(String tail) {
        return "/subscriptions/sub/resourceGroups/rg" + tail;
    }

    private Result provision() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("infra/provision.sh").toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = dir.resolve("out"), err = dir.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        int code = pb.start().waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    record Result(int exitCode, String stdout, String stderr) {}
}
