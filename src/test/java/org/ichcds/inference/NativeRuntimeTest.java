package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeRuntimeTest {

    private static final List<String> EPYC = List.of(
            "processor\t: 0",
            "model name\t: AMD EPYC",
            "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512_bf16 avx512_vnni avx512_vp2intersect avx_vnni",
            "processor\t: 1",
            "model name\t: AMD EPYC",
            "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512_bf16 avx512_vnni avx512_vp2intersect avx_vnni");

    @Test
    void listsTheVectorExtensionsOnceAndSorted() {
        NativeRuntime runtime = NativeRuntime.of(EPYC, Map.of(), 2);

        assertThat(runtime.cpuModel()).isEqualTo("AMD EPYC");
        assertThat(runtime.vectorFeatures())
                .containsExactly(
                        "avx",
                        "avx2",
                        "avx512_bf16",
                        "avx512_vnni",
                        "avx512_vp2intersect",
                        "avx512bw",
                        "avx512f",
                        "avx_vnni",
                        "fma");
        assertThat(runtime.avx512()).isTrue();
    }

    @Test
    void oneDnnIsOnUnlessTheVariableTurnsItOff() {
        assertThat(NativeRuntime.of(EPYC, Map.of(), 2).oneDnn()).isTrue();
        assertThat(NativeRuntime.of(EPYC, Map.of(), 2).oneDnnSource()).isEqualTo("TensorFlow's default");
        assertThat(NativeRuntime.of(EPYC, Map.of("TF_ENABLE_ONEDNN_OPTS", "0"), 2)
                        .oneDnn())
                .isFalse();
        assertThat(NativeRuntime.of(EPYC, Map.of("TF_ENABLE_ONEDNN_OPTS", "false"), 2)
                        .oneDnn())
                .isFalse();
        assertThat(NativeRuntime.of(EPYC, Map.of("TF_ENABLE_ONEDNN_OPTS", "1"), 2)
                        .oneDnn())
                .isTrue();
    }

    @Test
    void describesWhatAFigureRanOn() {
        String text = NativeRuntime.of(EPYC, Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "ONEDNN_MAX_CPU_ISA", "AVX2"), 2)
                .describe(0);

        assertThat(text)
                .contains("cpu: AMD EPYC, 2 cores")
                .contains("avx512f")
                .contains("oneDNN off (TF_ENABLE_ONEDNN_OPTS=0, ONEDNN_MAX_CPU_ISA=AVX2)")
                .contains("intra-op threads one per core");
    }

    @Test
    void aMachineWithoutCpuinfoStillDescribesItself() {
        NativeRuntime runtime = NativeRuntime.of(List.of(), Map.of(), 4);

        assertThat(runtime.cpuModel()).isEqualTo("unknown");
        assertThat(runtime.vectorFeatures()).isEmpty();
        assertThat(runtime.describe(2)).contains("vector: none reported").contains("intra-op threads 2");
    }
}
