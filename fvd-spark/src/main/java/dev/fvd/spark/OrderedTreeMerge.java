package dev.fvd.spark;

import dev.fvd.core.stats.FeatureStatistics;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges one {@link PartialStatistics} per partition into the statistics of the whole dataset, in a fixed order, so that the
 * result is the same bit for bit whatever the scheduling.
 *
 * <p>Why not {@code RDD.treeAggregate}: its levels combine partial results with {@code reduceByKey} and its last level with
 * {@code reduce} on the driver, both in the order tasks happen to finish. The Chan update is exact in real arithmetic but its
 * floating-point rounding depends on the order of the operands, so two runs could differ in the last bits. Here the tree has
 * the same shape as {@code treeAggregate(depth = 2)}: fan-in {@code max(2, ⌈√n⌉)}; each level groups partials by
 * {@code order / fanIn} ({@code groupByKey}), sorts each group by order and merges it left to right; the last
 * {@code ≤ fanIn} partials are collected to the driver and merged by order. Driver memory holds at most {@code fanIn} partials
 * (d² doubles each).
 */
final class OrderedTreeMerge {
    private OrderedTreeMerge() {
    }

    /** Fan-in of each level for {@code n} partials. */
    static int fanIn(int n) {
        return Math.max(2, (int) Math.ceil(Math.sqrt(n)));
    }

    /**
     * @param partials one per partition, with {@code order} = partition index
     * @param n        number of partitions
     * @return the merged statistics, or null when every partition was empty
     */
    static FeatureStatistics merge(JavaRDD<PartialStatistics> partials, int n) {
        int fanIn = fanIn(n);
        JavaRDD<PartialStatistics> level = partials;
        int count = n;
        while (count > fanIn) {
            int groups = (count + fanIn - 1) / fanIn;
            level = level.mapToPair(p -> new Tuple2<>(p.order() / fanIn, p))
                    .groupByKey(groups)
                    .map(group -> {
                        List<PartialStatistics> members = new ArrayList<>();
                        group._2().forEach(members::add);
                        members.sort(Comparator.comparingInt(PartialStatistics::order));
                        return PartialStatistics.mergeInOrder(group._1(), members);
                    });
            count = groups;
        }
        List<PartialStatistics> top = new ArrayList<>(level.collect());
        top.sort(Comparator.comparingInt(PartialStatistics::order));
        return PartialStatistics.mergedStatistics(top);
    }
}
