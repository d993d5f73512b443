#!/usr/bin/env python3
"""The Python program a team would write instead of StreamClassifier's worker, measured the same way.

Same work as `streamclassifier bench --source kafka --topology topologies/bench-example2.yaml`:
16 sensors at 250 Hz, JSON records of 250 samples (3 decimals) on a pre-filled topic; per sensor a
4th-order 0.5-40 Hz Butterworth bandpass (4 second-order sections, state carried across records),
500-sample windows every 125 samples, z-score, micro-batches of 64 scored by the seed's Example 2
network (Conv 64k5, ReLU, BatchNorm, MaxPool 2, Conv 128k3, ReLU, BatchNorm, global average pool,
Dense 128, ReLU, Dense 1, sigmoid) in PyTorch (eval mode, seeded random weights), a threshold alert
policy producing alerts, and offsets committed after the batch that finished a record. Timed from the
first record consumed to the last window scored; the model alone is timed on the same number of
windows in batches of 64 just before and after ("scorer alone"), as the C# bench does.

Needs Debian's python3-confluent-kafka, python3-scipy and python3-torch, and a broker:
  streamclassifier broker --brokers 1 --partitions 8 --topic peer.sensors --topic peer.alerts
prints its address; pass it as --bootstrap.
"""
import argparse
import json
import math
import random
import resource
import time

import numpy as np
import torch
from confluent_kafka import Consumer, Producer, TopicPartition
from scipy import signal


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def generate(sensors, samples_per_sensor, rate_hz, chunk, seed):
    """Sines plus seeded noise per sensor, cut into records, interleaved round-robin (as the C# bench does)."""
    rng = random.Random(seed)
    start_ms = 1_764_205_200_000.0
    per_sensor = []
    for sensor in range(sensors):
        phase = rng.random() * math.pi * 2
        records = []
        for first in range(0, samples_per_sensor, chunk):
            rows = min(chunk, samples_per_sensor - first)
            values = []
            for row in range(rows):
                t = (first + row) / rate_hz
                v = (math.sin(2 * math.pi * 1.2 * t + phase) + 0.3 * math.sin(2 * math.pi * 17 * t)
                     + 0.2 * math.sin(2 * math.pi * 50 * t) + 0.1 * (rng.random() * 2 - 1))
                values.append(round(v, 3))
            records.append({"sensor": f"bench-{sensor:03d}", "t0_ms": start_ms + first * 1000.0 / rate_hz,
                            "rate_hz": rate_hz, "samples": values})
        per_sensor.append(records)
    out = []
    for index in range(max(len(r) for r in per_sensor)):
        for records in per_sensor:
            if index < len(records):
                out.append(records[index])
    return out


def example2(seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Conv1d(1, 64, 5), torch.nn.ReLU(), torch.nn.BatchNorm1d(64), torch.nn.MaxPool1d(2), torch.nn.Dropout(0.3),
        torch.nn.Conv1d(64, 128, 3), torch.nn.ReLU(), torch.nn.BatchNorm1d(128), torch.nn.AdaptiveAvgPool1d(1), torch.nn.Flatten(),
        torch.nn.Linear(128, 128), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(128, 1), torch.nn.Sigmoid())
    with torch.no_grad():
        for bn in (model[2], model[7]):
            bn.running_mean.uniform_(-0.1, 0.1)
            bn.running_var.uniform_(0.5, 1.5)
    return model.eval()


def score(model, batch):
    with torch.no_grad():
        return model(torch.from_numpy(np.stack(batch)[:, None, :])).numpy()[:, 0]


def scorer_alone(model, windows, batch_size):
    batch = [np.random.default_rng(7).uniform(-1, 1, 500).astype(np.float32) for _ in range(batch_size)]
    score(model, batch)
    wall, cpu = time.perf_counter(), cpu_seconds()
    remaining = windows
    while remaining > 0:
        score(model, batch[:min(batch_size, remaining)])
        remaining -= batch_size
    return windows / (time.perf_counter() - wall), windows / (cpu_seconds() - cpu)


class Sensor:
    def __init__(self, sos, size, hop):
        self.zi = np.zeros((sos.shape[0], 2))
        self.buffer = np.zeros(0)
        self.size, self.hop = size, hop
        self.raised = False

    def windows(self, sos, samples):
        filtered, self.zi = signal.sosfilt(sos, samples, zi=self.zi)
        self.buffer = np.concatenate([self.buffer, filtered])
        out = []
        while len(self.buffer) >= self.size:
            window = self.buffer[:self.size]
            std = window.std()
            out.append(((window - window.mean()) / (std if std > 1e-12 else 1.0)).astype(np.float32))
            self.buffer = self.buffer[self.hop:]
        return out


def run(args):
    sos = signal.butter(4, [0.5, 40], btype="bandpass", fs=250, output="sos")
    model = example2(args.seed)
    windows_per_sensor = max(1, args.windows // args.sensors)
    samples_per_sensor = 500 + (windows_per_sensor - 1) * 125
    records = generate(args.sensors, samples_per_sensor, 250.0, 250, args.seed)
    producer = Producer({"bootstrap.servers": args.bootstrap, "linger.ms": 5, "acks": "all", "enable.idempotence": True})
    for record in records:
        while True:
            try:
                producer.produce(args.topic, key=record["sensor"].encode(), value=json.dumps(record, separators=(",", ":")).encode())
                break
            except BufferError:
                producer.poll(0.1)
    producer.flush()
    expected_windows = windows_per_sensor * args.sensors
    ceiling_before = scorer_alone(model, expected_windows, args.batch)

    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": f"peer-{time.time_ns()}", "auto.offset.reset": "earliest",
                         "enable.auto.commit": False, "enable.auto.offset.store": False})
    consumer.subscribe([args.topic])
    sensors, pending, scored, done_records = {}, [], 0, 0
    start = cpu_start = None
    completed_positions = []
    while done_records < len(records):
        messages = consumer.consume(num_messages=500, timeout=0.05)
        if messages and start is None:
            start, cpu_start = time.perf_counter(), cpu_seconds()
        for message in messages:
            if message.error():
                continue
            record = json.loads(message.value())
            sensor = sensors.setdefault(record["sensor"], Sensor(sos, 500, 125))
            for window in sensor.windows(sos, np.asarray(record["samples"], dtype=np.float64)):
                pending.append((sensor, window))
            completed_positions.append(message)
            done_records += 1
        # Score full batches (and whatever is left once the topic is read), then commit the records they finished.
        while len(pending) >= args.batch or (pending and (done_records == len(records) or not messages)):
            batch, pending = pending[:args.batch], pending[args.batch:]
            for (sensor, _), probability in zip(batch, score(model, [w for _, w in batch])):
                if (probability >= 0.5) != sensor.raised:
                    sensor.raised = not sensor.raised
                    producer.produce(args.alerts, value=json.dumps({"score": float(probability), "raised": sensor.raised}).encode())
            scored += len(batch)
            producer.poll(0)
        if not pending and completed_positions:
            for message in completed_positions:
                consumer.store_offsets(message=message)
            consumer.commit(asynchronous=True)
            completed_positions = []
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    producer.flush()
    consumer.close()
    ceiling_after = scorer_alone(model, scored, args.batch)
    ceiling = (ceiling_before[0] + ceiling_after[0]) / 2
    ceiling_cpu = (ceiling_before[1] + ceiling_after[1]) / 2
    result = {
        "peer": "python3 confluent-kafka + scipy + torch", "torch_threads": torch.get_num_threads(), "records": len(records),
        "windows": scored, "seconds": round(seconds, 3), "windows_per_second": round(scored / seconds),
        "samples_per_second": round(samples_per_sensor * args.sensors / seconds), "cpu_seconds_per_second": round(cpu / seconds, 2),
        "windows_per_cpu_second": round(scored / cpu), "scorer_alone_windows_per_second": round(ceiling),
        "scorer_alone_windows_per_cpu_second": round(ceiling_cpu), "ratio": round(scored / seconds / ceiling, 3),
        "load_average": open("/proc/loadavg").read().split()[:3],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", default="peer.sensors")
    parser.add_argument("--alerts", default="peer.alerts")
    parser.add_argument("--sensors", type=int, default=16)
    parser.add_argument("--windows", type=int, default=16384)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=42)
    run(parser.parse_args())
