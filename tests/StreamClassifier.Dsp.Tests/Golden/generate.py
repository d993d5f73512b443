#!/usr/bin/env python3
"""Generates scipy_filters.json: extra scipy references for the DSP tests.

Every Butterworth kind x order 1-8 at six sample-rate/edge sets (including edges close to 0 Hz
and to Nyquist, and a narrow band), plus notches, each with
scipy's `sos` rows and, for one edge set per kind and order, `sosfilt` output of a fixed input;
and whole multi-stage chains (`chains`) with their cascaded sos and two-channel sosfilt output.
The tests read the committed JSON; Python is needed only to regenerate it:

    apt-get install -y python3-scipy      # Debian 12: scipy 1.10.1, numpy 1.24
    /usr/bin/python3 tests/StreamClassifier.Dsp.Tests/Golden/generate.py
"""
import json
import os

import numpy as np
import scipy
from scipy import signal

SINGLE_EDGE = [(360.0, 40.0), (250.0, 0.5), (1000.0, 400.0), (100.0, 1.0), (360.0, 179.0), (1000.0, 0.05)]
BAND_EDGES = [(360.0, (0.5, 40.0)), (250.0, (5.0, 45.0)), (1000.0, (50.0, 450.0)), (128.0, (20.0, 21.0)),
              (360.0, (0.05, 179.0)), (360.0, (59.0, 61.0))]
NOTCHES = [(360.0, 60.0, 30.0), (250.0, 50.0, 35.0), (500.0, 50.0, 5.0), (1000.0, 0.5, 1.0), (100.0, 49.9, 10.0)]
SAMPLES = 256


def main():
    rng = np.random.default_rng(20261127)
    # A noisy two-tone input with an offset, so lowpass, highpass and band filters all have work.
    t = np.arange(SAMPLES)
    test_input = 0.3 + np.sin(2 * np.pi * t / 40) + 0.5 * np.sin(2 * np.pi * t / 5) + 0.2 * rng.standard_normal(SAMPLES)

    cases = []
    for btype in ("lowpass", "highpass", "bandpass", "bandstop"):
        edge_sets = SINGLE_EDGE if btype in ("lowpass", "highpass") else BAND_EDGES
        for order in range(1, 9):
            for index, (fs, edges) in enumerate(edge_sets):
                sos = signal.butter(order, edges, btype=btype, fs=fs, output="sos")
                case = {
                    "name": f"{btype}_order{order}_{index}",
                    "sample_rate_hz": fs,
                    "filter": {"kind": "butter", "btype": btype, "order": order, "cutoff": list(edges) if isinstance(edges, tuple) else edges},
                    "sos": sos.tolist(),
                }
                if index == 0:
                    case["input"] = test_input.tolist()
                    case["causal_output"] = signal.sosfilt(sos, test_input).tolist()
                cases.append(case)

    for index, (fs, freq, q) in enumerate(NOTCHES):
        b, a = signal.iirnotch(freq, q, fs=fs)
        sos = signal.tf2sos(b, a)
        cases.append({
            "name": f"notch_{index}",
            "sample_rate_hz": fs,
            "filter": {"kind": "notch", "freq": freq, "q": q},
            "sos": sos.tolist(),
            "input": test_input.tolist(),
            "causal_output": signal.sosfilt(sos, test_input).tolist(),
        })

    # Whole chains as a topology writes them: the stages' sections cascaded in order, two channels.
    chain_input = np.stack([test_input, np.roll(test_input, 17) * -0.5 + 0.1], axis=1)
    chains = []
    for name, fs, stages in (
        ("ecg_bandpass_notch", 360.0, [
            {"type": "bandpass", "low_hz": 0.5, "high_hz": 40.0, "order": 4},
            {"type": "notch", "freq_hz": 60.0, "q": 30.0}]),
        ("highpass_lowpass_notch", 250.0, [
            {"type": "highpass", "cutoff_hz": 0.5, "order": 2},
            {"type": "lowpass", "cutoff_hz": 40.0, "order": 5},
            {"type": "notch", "freq_hz": 50.0, "q": 35.0}]),
    ):
        parts = []
        for stage in stages:
            if stage["type"] == "notch":
                parts.append(signal.tf2sos(*signal.iirnotch(stage["freq_hz"], stage["q"], fs=fs)))
            elif stage["type"] in ("bandpass", "bandstop"):
                parts.append(signal.butter(stage["order"], [stage["low_hz"], stage["high_hz"]], btype=stage["type"], fs=fs, output="sos"))
            else:
                parts.append(signal.butter(stage["order"], stage["cutoff_hz"], btype=stage["type"], fs=fs, output="sos"))
        sos = np.concatenate(parts)
        chains.append({
            "name": name,
            "sample_rate_hz": fs,
            "filters": stages,
            "sos": sos.tolist(),
            "input": chain_input.tolist(),
            "causal_output": signal.sosfilt(sos, chain_input, axis=0).tolist(),
        })

    document = {
        "generator": f"scipy.signal {scipy.__version__} (generate.py)",
        "notes": "sos rows are [b0,b1,b2,a0,a1,a2] from signal.butter(order, cutoff, btype, fs=fs, output='sos') "
                 "or tf2sos(*iirnotch(freq, q, fs=fs)); input and causal_output (sosfilt, zero state) are one channel",
        "cases": cases,
        "chains": chains,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scipy_filters.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=None, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
