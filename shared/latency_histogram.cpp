#include "latency_histogram.h"

namespace academy {

const std::array<double, LatencyHistogram::BucketCount> &LatencyHistogram::boundsSeconds()
{
    static const std::array<double, BucketCount> bounds = [] {
        std::array<double, BucketCount> b{};
        double bound = 0.0001;
        for (double &value : b) {
            value = bound;
            bound *= 2;
        }
        return b;
    }();
    return bounds;
}

void LatencyHistogram::add(double seconds)
{
    const auto &bounds = boundsSeconds();
    int i = 0;
    while (i < BucketCount && seconds > bounds[size_t(i)])
        ++i;
    ++m_buckets[size_t(i)];
    ++m_count;
    m_sum += seconds;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_sum += other.m_sum;
}

double LatencyHistogram::percentileMs(double fraction) const
{
    if (m_count == 0)
        return 0;
    const auto wanted = quint64(fraction * double(m_count) + 0.5);
    quint64 seen = 0;
    for (int i = 0; i < BucketCount; ++i) {
        seen += m_buckets[size_t(i)];
        if (seen >= qMax<quint64>(1, wanted))
            return boundsSeconds()[size_t(i)] * 1000;
    }
    return boundsSeconds().back() * 2000;
}

} // namespace academy
