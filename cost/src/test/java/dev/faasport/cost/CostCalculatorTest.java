package dev.faasport.cost;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic of each plan against estimates computed by hand (in the comments). */
class CostCalculatorTest {

    static final Prices PRICES = Prices.builtIn();
    static final CostCalculator CALC = new CostCalculator(PRICES);
    /** 10 million calls a month, 250.2 ms each, 1,024 MB configured, 300 MB measured. */
    static final List<Workload> ONE = List.of(new Workload("resize", 10_000_000, 250.2, 1024, 300));

    static PlanEstimate estimate(String plan, List<Workload> w) {
        return CALC.estimate(PRICES.plan(plan), w);
    }

    @Test
    void awsX86BillsEveryMillisecondOfConfiguredMemory() {
        // 250.2 ms -> 251 ms (1 ms steps); 1,024 MB = 1 GB
        // GB-s = 10,000,000 x 0.251 s x 1 GB = 2,510,000; minus 400,000 free = 2,110,000
        // compute = 2,110,000 x $0.0000166667 = $35.16673; requests = (10M - 1M free) / 1M x $0.20 = $1.80
        PlanEstimate e = estimate("aws-x86", ONE);
        assertThat(e.lines().get(0).billedMs()).isEqualTo(251);
        assertThat(e.usage().get("gbSeconds")).isCloseTo(2_510_000, within(1e-6));
        assertThat(e.computeUsd()).isCloseTo(35.1667370, within(1e-6));
        assertThat(e.requestsUsd()).isCloseTo(1.80, within(1e-9));
        assertThat(e.totalUsd()).isCloseTo(36.966737, within(1e-6));
    }

    @Test
    void awsArm64IsTheSameUsageAtTheGravitonPrice() {
        // 2,110,000 billable GB-s x $0.0000133334 = $28.133474; + $1.80 requests = $29.933474
        PlanEstimate e = estimate("aws-arm64", ONE);
        assertThat(e.computeUsd()).isCloseTo(28.133474, within(1e-6));
        assertThat(e.totalUsd()).isCloseTo(29.933474, within(1e-6));
    }

    @Test
    void awsFreeTierCoversASmallWorkloadButNotItsExtraRequests() {
        // 3,000,000 x 0.121 s (120.4 ms -> 121 ms) x 0.5 GB = 181,500 GB-s < 400,000 free: compute $0
        // requests (3M - 1M) / 1M x $0.20 = $0.40
        PlanEstimate e = estimate("aws-x86", List.of(new Workload("small", 3_000_000, 120.4, 512, 0)));
        assertThat(e.usage().get("gbSeconds")).isCloseTo(181_500, within(1e-6));
        assertThat(e.computeUsd()).isZero();
        assertThat(e.totalUsd()).isCloseTo(0.40, within(1e-9));
    }

    @Test
    void azureConsumptionBillsMeasuredMemoryIn128MbStepsAndAtLeast100Ms() {
        // measured 300 MB -> 384 MB (3 x 128) = 0.375 GB; 250.2 ms -> 251 ms (1 ms steps, min 100)
        // GB-s = 10,000,000 x 0.251 x 0.375 = 941,250; minus 400,000 = 541,250 x $0.000016 = $8.66
        // requests (10M - 1M) / 1M x $0.20 = $1.80; total $10.46
        PlanEstimate e = estimate("azure-consumption", ONE);
        assertThat(e.lines().get(0).billedMemoryMb()).isEqualTo(384);
        assertThat(e.lines().get(0).billedMs()).isEqualTo(251);
        assertThat(e.computeUsd()).isCloseTo(8.66, within(1e-6));
        assertThat(e.totalUsd()).isCloseTo(10.46, within(1e-6));
        // a 40 ms call is billed 100 ms; 2,000 MB measured is capped at 1,536 MB
        PlanEstimate short1 = estimate("azure-consumption", List.of(new Workload("s", 1, 40, 2048, 2000)));
        assertThat(short1.lines().get(0).billedMs()).isEqualTo(100);
        assertThat(short1.lines().get(0).billedMemoryMb()).isEqualTo(1536);
        // nothing measured: the configured 1,024 MB, and a note saying so
        PlanEstimate unmeasured = estimate("azure-consumption", List.of(new Workload("u", 1, 40, 1000, 0)));
        assertThat(unmeasured.lines().get(0).billedMemoryMb()).isEqualTo(1024);
        assertThat(unmeasured.notes()).anyMatch(n -> n.contains("no measured memory"));
    }

    @Test
    void azureFlexBillsTheInstanceSizeAtLeastOneSecondThen100MsSteps() {
        // 1,024 MB -> the 2,048 MB instance = 2 GB; 250.2 ms -> 1,000 ms minimum
        // GB-s = 10,000,000 x 1.0 x 2 = 20,000,000; minus 100,000 = 19,900,000 x $0.000026 = $517.40
        // requests (10M - 250,000) / 1M x $0.40 = $3.90; total $521.30
        PlanEstimate e = estimate("azure-flex", ONE);
        assertThat(e.lines().get(0).billedMemoryMb()).isEqualTo(2048);
        assertThat(e.lines().get(0).billedMs()).isEqualTo(1000);
        assertThat(e.totalUsd()).isCloseTo(521.30, within(1e-6));
        // 1,234 ms -> 1,300 ms (100 ms steps above the minimum)
        assertThat(CostCalculator.billedMs(PRICES.plan("azure-flex"), 1234)).isEqualTo(1300);
    }

    @Test
    void googleFirstGenBillsMemoryAndGhzOfTheTierIn100MsSteps() {
        // 250.2 ms -> 300 ms; 1,024 MB tier = 1.4 GHz
        // GB-s = 10,000,000 x 0.3 x 1 = 3,000,000 - 400,000 = 2,600,000 x $0.0000025 = $6.50
        // GHz-s = 10,000,000 x 0.3 x 1.4 = 4,200,000 - 200,000 = 4,000,000 x $0.00001 = $40.00
        // requests (10M - 2M) / 1M x $0.40 = $3.20; total $49.70
        PlanEstimate e = estimate("gcp-gen1", ONE);
        assertThat(e.lines().get(0).billedMs()).isEqualTo(300);
        assertThat(e.lines().get(0).cpu()).isEqualTo(1.4);
        assertThat(e.computeUsd()).isCloseTo(46.50, within(1e-6));
        assertThat(e.totalUsd()).isCloseTo(49.70, within(1e-6));
        // 300 MB rounds up to the 512 MB tier (0.8 GHz)
        assertThat(estimate("gcp-gen1", List.of(new Workload("m", 1, 1, 300, 0))).lines().get(0).billedMemoryMb()).isEqualTo(512);
    }

    @Test
    void googleSecondGenBillsVcpuAndGibSecondsOfTheTier() {
        // 300 ms billed; 1 GiB tier = 0.583 vCPU
        // GiB-s = 3,000,000 - 360,000 = 2,640,000 x $0.0000025 = $6.60
        // vCPU-s = 10,000,000 x 0.3 x 0.583 = 1,749,000 - 180,000 = 1,569,000 x $0.000024 = $37.656
        // requests $3.20; total $47.456
        PlanEstimate e = estimate("gcp-gen2", ONE);
        assertThat(e.usage().get("vcpuSeconds")).isCloseTo(1_749_000, within(1e-3));
        assertThat(e.computeUsd()).isCloseTo(44.256, within(1e-6));
        assertThat(e.totalUsd()).isCloseTo(47.456, within(1e-6));
    }

    @Test
    void theFreeTierIsTakenOnceForTheWholeSet() {
        // two functions of 300,000 GB-s each on Lambda x86 (1,000,000 x 0.3 s x 1 GB): 600,000 - 400,000 = 200,000
        // x $0.0000166667 = $3.33334; requests 2M - 1M = 1M x $0.20 = $0.20
        List<Workload> two = List.of(new Workload("a", 1_000_000, 300, 1024, 0), new Workload("b", 1_000_000, 300, 1024, 0));
        PlanEstimate e = estimate("aws-x86", two);
        assertThat(e.totalUsd()).isCloseTo(3.33334 + 0.20, within(1e-6));
        assertThat(CALC.estimateAll(two)).extracting(p -> p.plan().id())
                .containsExactly("aws-x86", "aws-arm64", "azure-consumption", "azure-flex", "gcp-gen1", "gcp-gen2");
    }

    @Test
    void everyPriceHasAnAsOfDateAndASource() {
        assertThat(PRICES.asOf()).isEqualTo("2026-11");
        for (PricePlan p : PRICES.plans()) {
            assertThat(p.prices()).isNotEmpty();
            p.prices().forEach((k, v) -> {
                assertThat(v.asOf()).as(p.id() + " " + k).matches("\\d{4}-\\d{2}");
                assertThat(v.source()).as(p.id() + " " + k).startsWith("https://");
            });
        }
        String table = CostCalculator.render(CALC.estimateAll(ONE), PRICES.asOf());
        assertThat(table).contains("AWS Lambda", "arm64", "Flex", "1st gen", "2nd gen", "36.97", "Prices as of 2026-11");
        assertThat(estimate("aws-x86", ONE).toJson()).containsEntry("totalUsd", 36.966737);
    }

    @Test
    void badInputsSayWhatToFix() {
        assertThatThrownBy(() -> new Workload("f", 1, 1, 0, 0)).hasMessageContaining("Workload of function 'f'")
                .hasMessageContaining("perhaps you should");
        assertThatThrownBy(() -> PRICES.plan("aws-x87")).hasMessageContaining("aws-x86");
        assertThatThrownBy(() -> Prices.parse("{\"plans\":[{\"id\":\"p\",\"billing\":{\"minMs\":1,\"stepMs\":1},"
                + "\"prices\":{\"gbSecond\":{\"usd\":1}}}]}")).hasMessageContaining("Price 'gbSecond' of plan 'p' needs usd, asOf and source");
    }
}
