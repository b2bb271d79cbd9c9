#pragma once

#include <QtGlobal>

#include <array>

namespace academy {

// Request durations in fixed buckets: cheap to add, to merge and to read percentiles from
// (answers are the bucket's upper bound, good to within one bucket). The bounds double
// from 0.1 ms to ~26 s, as Prometheus' `le` labels.
class LatencyHistogram
{
public:
    static constexpr int BucketCount = 19;
    static const std::array<double, BucketCount> &boundsSeconds();

    void add(double seconds);
    void merge(const LatencyHistogram &other);
    // The duration (in milliseconds) under which `fraction` of the requests finished.
    double percentileMs(double fraction) const;

    quint64 count() const { return m_count; }
    double sumSeconds() const { return m_sum; }
    // Requests in bucket i (not cumulative); the last slot is +Inf.
    quint64 bucket(int i) const { return m_buckets[size_t(i)]; }

private:
    std::array<quint64, BucketCount + 1> m_buckets{};
    quint64 m_count = 0;
    double m_sum = 0;
};

} // namespace academy
