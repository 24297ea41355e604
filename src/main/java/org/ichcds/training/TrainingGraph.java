package org.ichcds.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ichcds.inference.DetectionDecoder;
import org.ichcds.inference.HemorrhageLabel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The training graph: a training pass with losses and an Adam step, and an inference pass over the same variables
 * (used by {@link Trainer#predict}).
 */
final class TrainingGraph {

    final Placeholder<TFloat32> image;
    final Placeholder<TFloat32> labels;
    final Placeholder<TFloat32> target;
    final Placeholder<TFloat32> responsible;
    /** The stride-8 grid's target and responsible cells of a two-grid head, else null. */
    final Placeholder<TFloat32> fineTarget;

    final Placeholder<TFloat32> fineResponsible;
    final Operand<TFloat32> total;
    final Operand<TFloat32> classification;
    final Operand<TFloat32> detection;
    final Op step;
    /** The batch-norm moving-average updates alone (no optimizer step), with their decay fed by {@link #bnMomentum}. */
    final Op statisticsStep;

    final Operand<TFloat32> bnMomentum;
    final ServingGraph serving;
    final Operand<TFloat32> validationTotal;
    final Operand<TFloat32> validationClassification;
    final Operand<TFloat32> validationDetection;
    final long parameterCount;
    /** The network's variables by name, as an exported model's SavedModel holds them. */
    final Map<String, Variable<TFloat32>> networkVariables;

    TrainingGraph(Graph graph, ModelConfig config, TrainerOptions options) {
        Ops tf = Ops.create(graph);
        int grid = config.gridSize();
        image = ServingGraph.imagePlaceholder(tf, config);
        labels = placeholder(tf, "labels", Shape.of(-1, HemorrhageLabel.COUNT));
        target = placeholder(tf, "detection_target", Shape.of(-1, grid, grid, DetectionDecoder.CELL_VALUES));
        responsible = placeholder(tf, "responsible_cells", Shape.of(-1, grid, grid, 1));
        int fineGrid = config.fineGridSize();
        fineTarget = config.hasFineGrid()
                ? placeholder(
                        tf, "fine_detection_target", Shape.of(-1, fineGrid, fineGrid, DetectionDecoder.CELL_VALUES))
                : null;
        fineResponsible = config.hasFineGrid()
                ? placeholder(tf, "fine_responsible_cells", Shape.of(-1, fineGrid, fineGrid, 1))
                : null;

        LayerBuilder layers = new LayerBuilder(tf, options.seed(), options.bnMomentum(), options::trains);
        layers.training(true);
        ResNetV2.Logits logits = new ResNetV2(config).build(layers, image);
        ModelLosses losses = new ModelLosses(tf, grid, options.iouLossWeight(), options.objectnessTarget());
        ModelLosses fineLosses = config.hasFineGrid()
                ? new ModelLosses(tf, fineGrid, options.iouLossWeight(), options.objectnessTarget())
                : null;
        classification =
                tf.withName("classification_loss").identity(losses.classification(logits.classification(), labels));
        detection = tf.withName("detection_loss").identity(detectionLoss(tf, losses, fineLosses, logits));
        total = tf.withName("total_loss")
                .math
                .add(classification, tf.math.mul(detection, tf.constant(options.detectionWeight())));

        parameterCount = layers.trainableVariables().stream()
                .mapToLong(v -> v.shape().size())
                .sum();
        statisticsStep = tf.withName("statistics_step")
                .withControlDependencies(layers.statisticsUpdates())
                .noOp();
        bnMomentum = layers.momentum();
        List<Op> updates = new ArrayList<>(layers.statisticsUpdates());
        updates.add(adamStep(graph, options.learningRate(), layers.trainableVariables()));
        step = tf.withName("train_step").withControlDependencies(updates).noOp();

        serving = ServingGraph.build(layers, config, image);
        // the same losses on the inference pass: what a validation set scores against the exported model
        validationClassification = losses.classification(serving.logits.classification(), labels);
        validationDetection = detectionLoss(tf, losses, fineLosses, serving.logits);
        validationTotal = tf.math.add(
                validationClassification, tf.math.mul(validationDetection, tf.constant(options.detectionWeight())));
        networkVariables = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(layers.variables()));
    }

    /** The YOLO loss of the grid, plus that of the stride-8 grid of a two-grid head (each box is in one of them). */
    private Operand<TFloat32> detectionLoss(
            Ops tf, ModelLosses losses, ModelLosses fineLosses, ResNetV2.Logits logits) {
        Operand<TFloat32> coarse = losses.detection(logits.detection(), target, responsible);
        return fineLosses == null
                ? coarse
                : tf.math.add(coarse, fineLosses.detection(logits.fineDetection(), fineTarget, fineResponsible));
    }

    /** Gradients of the total loss with respect to the trainable variables only (not the moving averages). */
    private Op adamStep(Graph graph, float learningRate, List<Variable<TFloat32>> variables) {
        Output<?>[] outputs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        return OrderedAdam.step(graph, learningRate, variables, graph.addGradients(total.asOutput(), outputs), "adam");
    }

    private static Placeholder<TFloat32> placeholder(Ops tf, String name, Shape shape) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
    }
}
