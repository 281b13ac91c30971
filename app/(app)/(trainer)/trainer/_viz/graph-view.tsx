"use client";

import {
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  getBezierPath,
  useReactFlow,
  useStore,
  useUpdateNodeInternals,
  type Edge,
  type EdgeProps,
  type FinalConnectionState,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { applyEdit, type EditResult, type ScenarioEdit } from "@/lib/authoring/edit-yaml";
import { readEditable } from "@/lib/authoring/editable";
import { layoutGraph } from "@/lib/authoring/graph-layout";
import {
  edgeLabel,
  graphFromScenario,
  graphFromSource,
  markNamedNodes,
  pathEdgeIds,
  type ConversationGraph,
  type GraphEdge,
  type GraphNode,
} from "@/lib/authoring/graph-model";
import type { Problem } from "@/lib/scenario/load";
import type { Scenario } from "@/lib/scenario/model";
import type { EndingKind } from "@/lib/scenario/schema";
import { outcomeLabel, plural } from "@/lib/ui/format";
import { GraphEditPanel, type PanelView } from "./graph-edit-panel";
import { linkStyle } from "@/app/_components/styles";

const NODE_WIDTH = 260;
/** From this many nodes up, only the nodes in view are drawn. */
const CULL_FROM_NODES = 150;
const NODE_HEIGHT = 112;
/**
 * The canvas, and the smallest zoom at which the first view may show the whole graph: the
 * customer's line is 14 px on the card, so 0.75 keeps it at about 10.5 px on screen.
 */
const CANVAS = { width: 1100, height: 576 };
const READABLE_ZOOM = 0.75;
const RANK_GAP = 80;

/** Ending colours; the kind is always written on the node too (colour is never the only cue). */
const ENDING_STYLES: Record<EndingKind, { box: string; badge: string; swatch: string; minimap: string }> = {
  resolved: { box: "border-emerald-600 bg-emerald-50", badge: "bg-emerald-700 text-white", swatch: "bg-emerald-600", minimap: "#059669" },
  escalated: { box: "border-amber-500 bg-amber-50", badge: "bg-amber-800 text-white", swatch: "bg-amber-500", minimap: "#f59e0b" },
  "hung-up": { box: "border-rose-600 bg-rose-50", badge: "bg-rose-700 text-white", swatch: "bg-rose-600", minimap: "#e11d48" },
  "agent-ended": { box: "border-sky-600 bg-sky-50", badge: "bg-sky-800 text-white", swatch: "bg-sky-600", minimap: "#0284c7" },
};
const ENDING_KINDS = Object.keys(ENDING_STYLES) as EndingKind[];

/** Editing from the graph: each edit becomes one change in the editor's text (and its undo history). */
export interface GraphEditing {
  /** Runs `compute` on the editor's current text and applies its change as one undo step. */
  change(compute: (text: string) => EditResult): EditResult;
  undo(): void;
  redo(): void;
  /** Shows a node's YAML in the editor. */
  showInYaml(nodeId: string): void;
}

export interface GraphViewProps {
  /** The last scenario that loaded. */
  scenario: Scenario | null;
  /**
   * The editor's current text. When given, the graph is drawn from it even when the loader
   * rejects it, so unreachable nodes, dead ends and unknown targets show up; when it is not
   * YAML at all, the graph falls back to `scenario`.
   */
  source?: string;
  /** The loader's problems for `source` (or for the scenario's text): counted per node. */
  problems?: readonly Problem[];
  /** Node ids of a path to highlight, in order. */
  highlightPath?: readonly string[];
  /** Called with the node id (and its line in `source`, when known) on click or Enter, when not editing. */
  onSelectNode: (nodeId: string, at?: { line: number | null }) => void;
  /** Given for a scenario the trainer may change: nodes open in a side panel, choices connect by dragging. */
  editing?: GraphEditing;
}

type ChoiceHandle = { id: string; text: string; connected: boolean };
type FlowNodeData = { node: GraphNode; onPath: boolean; dimmed: boolean; selected: boolean; choices: ChoiceHandle[] | null };
type FlowNode = Node<FlowNodeData, "scenario">;
type FlowEdgeData = { label: string; onPath: boolean; dimmed: boolean; loop: boolean };
type FlowEdge = Edge<FlowEdgeData, "choice">;

const nodeTypes = { scenario: memo(ScenarioNodeCard) };
const edgeTypes = { choice: memo(ChoiceEdge) };
const CHOICE_HANDLE = "choice:";

/** The conversation as a graph (React Flow on our own layered layout), with a list as its text alternative. */
export function GraphView(props: GraphViewProps) {
  return (
    <ReactFlowProvider>
      <GraphViewBody {...props} />
    </ReactFlowProvider>
  );
}

function GraphViewBody({ scenario, source, problems, highlightPath, onSelectNode, editing }: GraphViewProps) {
  const ids = useId();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  // Typing should stay smooth on big scenarios: the graph follows the text at a lower priority.
  const deferredSource = useDeferredValue(source);
  const deferredProblems = useDeferredValue(problems);

  const { graph, fromDraft } = useMemo(() => {
    if (deferredSource !== undefined) {
      const draft = graphFromSource(deferredSource, deferredProblems ?? []);
      if (draft) return { graph: draft, fromDraft: true };
    }
    if (!scenario) return { graph: null, fromDraft: false };
    return { graph: markNamedNodes(graphFromScenario(scenario), deferredProblems ?? []), fromDraft: false };
  }, [deferredSource, deferredProblems, scenario]);

  // The panel reads the text as it is now (not deferred), so a field shows what was just written.
  const editable = useMemo(() => (editing && source !== undefined ? readEditable(source) : null), [editing, source]);
  const [view, setView] = useState<PanelView>({ kind: "scenario" });
  const panelHeading = useRef<HTMLHeadingElement>(null);
  const [focusPanel, setFocusPanel] = useState(0);
  const [centerOn, setCenterOn] = useState<string | null>(null);
  const [dragRefused, setDragRefused] = useState<string | null>(null);
  const selectedId = view.kind === "node" ? view.nodeId : null;

  // Lay out again only when the shape changes (not when a line of text does).
  const shapeKey = graph ? `${graph.start}|${graph.nodes.map((n) => n.id).join(",")}|${graph.edges.map((e) => e.id).join(",")}` : "";
  const layout = useMemo(
    () =>
      graph
        ? layoutGraph(graph.nodes, graph.edges, graph.start, {
            nodeWidth: NODE_WIDTH,
            nodeHeight: NODE_HEIGHT,
            rankGap: RANK_GAP,
            nodeGap: 48,
          })
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the shape on purpose
    [shapeKey],
  );

  const pathNodes = useMemo(() => new Set(highlightPath ?? []), [highlightPath]);
  const pathEdges = useMemo(() => new Set(pathEdgeIds(highlightPath ?? [])), [highlightPath]);
  const highlighting = pathNodes.size > 0;

  /** Each node's choices, for their handles (editing only). */
  const choicesByNode = useMemo(() => {
    if (!editable) return null;
    return new Map(
      editable.nodes.map((n) => [n.id, n.choices.map((c) => ({ id: c.id, text: c.text, connected: c.next.some((b) => b.to !== "") }))]),
    );
  }, [editable]);

  const nodes: FlowNode[] = useMemo(() => {
    if (!graph || !layout) return [];
    return graph.nodes.map((node) => ({
      id: node.id,
      type: "scenario",
      position: layout.positions[node.id] ?? { x: 0, y: 0 },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      // Every card has this fixed size. Saying so keeps React Flow from forgetting a node's size (and
      // its handles) each time an edit rebuilds the node objects: a node waiting to be measured again
      // is left out of "Fit to view" and cannot start a connection. New handles are measured through
      // updateNodeInternals in ScenarioNodeCard.
      measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
      data: {
        node,
        onPath: pathNodes.has(node.id),
        dimmed: highlighting && !pathNodes.has(node.id),
        selected: node.id === selectedId,
        choices: choicesByNode && !node.missing ? (choicesByNode.get(node.id) ?? []) : null,
      },
      ariaLabel: nodeDescription(node),
      draggable: false,
      connectable: Boolean(choicesByNode) && !node.missing,
    }));
  }, [graph, layout, pathNodes, highlighting, selectedId, choicesByNode]);

  const edges: FlowEdge[] = useMemo(() => {
    if (!graph) return [];
    const edgeOf = (edge: GraphEdge, id: string, choices: GraphEdge["choices"], sourceHandle: string): FlowEdge => {
      const onPath = pathEdges.has(edge.id);
      const label = edgeLabel({ ...edge, choices });
      return {
        id,
        source: edge.source,
        target: edge.target,
        sourceHandle,
        type: "choice",
        data: { label, onPath, dimmed: highlighting && !onPath, loop: edge.source === edge.target },
        ariaLabel: `${edge.source} to ${edge.target}: ${label}`,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18, color: onPath ? "#175752" : "#64748b" },
        zIndex: onPath ? 1 : 0,
        focusable: false,
        selectable: false,
      };
    };
    return graph.edges.flatMap((edge) => {
      const handles = choicesByNode?.get(edge.source);
      if (!handles) return [edgeOf(edge, edge.id, edge.choices, "out")];
      // While editing, each choice's edge leaves from its own handle.
      const byChoice = new Map<string, GraphEdge["choices"]>();
      for (const c of edge.choices) byChoice.set(c.id, [...(byChoice.get(c.id) ?? []), c]);
      return [...byChoice].map(([choiceId, choices]) =>
        edgeOf(edge, `${edge.id}#${choiceId}`, choices, handles.some((h) => h.id === choiceId) ? CHOICE_HANDLE + choiceId : "out"),
      );
    });
  }, [graph, pathEdges, highlighting, choicesByNode]);

  // The first view: the whole graph when it is readable that way, else the start of the call
  // (as many ranks as fit at a readable zoom); "Fit to view" and the minimap show the rest.
  const fitViewOptions = useMemo(() => {
    if (!layout || Math.min(CANVAS.width / Math.max(1, layout.width), CANVAS.height / Math.max(1, layout.height)) >= READABLE_ZOOM) {
      return { padding: 0.1, maxZoom: 1 };
    }
    const ranks = Math.max(1, Math.floor(CANVAS.height / READABLE_ZOOM / (NODE_HEIGHT + RANK_GAP)));
    return {
      padding: 0.05,
      minZoom: 0.3,
      maxZoom: 1,
      nodes: layout.ranks
        .slice(0, ranks)
        .flat()
        .map((id) => ({ id })),
    };
  }, [layout]);

  // Keyboard selection moves focus to the panel; a node added from the panel is brought into view.
  useEffect(() => {
    if (focusPanel) panelHeading.current?.focus();
  }, [focusPanel]);
  useEffect(() => {
    if (!centerOn || !layout?.positions[centerOn]) return;
    const frame = requestAnimationFrame(() => {
      const at = layout.positions[centerOn]!;
      void flow.setCenter(at.x + NODE_WIDTH / 2, at.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration: 250 });
      setCenterOn(null);
    });
    return () => cancelAnimationFrame(frame);
  }, [centerOn, layout, flow]);

  const apply = useCallback(
    (edit: ScenarioEdit): EditResult => {
      if (!editing) return { ok: false, message: "This scenario is read-only." };
      const result = editing.change((text) => applyEdit(text, edit));
      if (result.ok && edit.kind === "add-node" && result.select) setCenterOn(result.select.nodeId);
      setDragRefused(null);
      return result;
    },
    [editing],
  );

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const handleId = state.fromHandle?.id ?? "";
      const from = state.fromNode?.id;
      if (!editing || !from || !handleId.startsWith(CHOICE_HANDLE)) return;
      let to = state.toNode?.id;
      if (!to) {
        // Dropped anywhere on a node, not only on its handle.
        const point = "changedTouches" in event ? event.changedTouches[0] : event;
        if (point) {
          const hit = document
            .elementsFromPoint(point.clientX, point.clientY)
            .map((el) => el.closest<HTMLElement>(".react-flow__node"))
            .find(Boolean);
          to = hit?.dataset.id;
        }
      }
      if (!to) return;
      const result = apply({ kind: "connect", nodeId: from, choiceId: handleId.slice(CHOICE_HANDLE.length), to });
      if (!result.ok) setDragRefused(result.message);
    },
    [apply, editing],
  );

  if (!graph || !layout) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700">
        No graph yet: add a `nodes` list to the scenario.
      </p>
    );
  }

  const select = (id: string, byKeyboard = false) => {
    const node = graph.nodes.find((n) => n.id === id);
    if (!node || node.missing) return;
    if (editing) {
      setView({ kind: "node", nodeId: id });
      if (byKeyboard) setFocusPanel((n) => n + 1);
    } else onSelectNode(id, { line: node.sourceLine });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Enter") return;
    const target = event.target as HTMLElement;
    const id = target.classList.contains("react-flow__node") ? target.dataset.id : undefined;
    if (id) {
      event.preventDefault();
      select(id, true);
    }
  };
  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) on the graph undo and redo in the editor's history; text fields keep their own.
  const onUndoKeys = (event: KeyboardEvent<HTMLElement>) => {
    if (!editing || !(event.ctrlKey || event.metaKey)) return;
    const target = event.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable=true]")) return;
    const key = event.key.toLowerCase();
    if (key === "z" || key === "y") {
      event.preventDefault();
      if (key === "y" || event.shiftKey) editing.redo();
      else editing.undo();
    }
  };

  const summary = graphSummary(graph);
  const canvas = (
    <div
      className="h-[36rem] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm [&_a]:text-slate-700!"
      onKeyDown={onKeyDown}
      data-testid="graph-canvas"
    >
      <ReactFlow<FlowNode, FlowEdge>
        key={graph.start ?? ""}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={(_, node) => select(node.id)}
        nodesDraggable={false}
        nodesConnectable={Boolean(editing)}
        onConnectEnd={onConnectEnd}
        connectionRadius={32}
        edgesFocusable={false}
        elementsSelectable
        deleteKeyCode={null}
        // Culling nodes out of view pays only on big graphs; on small ones it could leave a node
        // undrawn after an edit re-laid the graph out (seen as a missing drop target while dragging).
        onlyRenderVisibleElements={nodes.length > CULL_FROM_NODES}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        maxZoom={1.5}
        proOptions={{ hideAttribution: false }}
        aria-describedby={`${ids}-help`}
      >
        <Controls showInteractive={false} showFitView={false} />
        <FitOnPath path={highlightPath} />
        <MiniMap<FlowNode> pannable zoomable ariaLabel="Overview of the whole graph" nodeColor={(n) => minimapColor(n.data.node)} />
      </ReactFlow>
    </div>
  );

  return (
    <section aria-labelledby={`${ids}-heading`} className="space-y-3" onKeyDown={onUndoKeys}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${ids}-heading`} className="text-lg font-semibold text-slate-900">
          Conversation graph
        </h2>
        <p className="text-sm text-slate-700" data-testid="graph-summary">
          {summary}
        </p>
      </div>
      {deferredSource !== undefined && !fromDraft ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          The text is not readable YAML right now: this is the graph of the last version that loaded.
        </p>
      ) : null}
      <Legend />
      <p id={`${ids}-help`} className="text-sm text-slate-700">
        {editing
          ? "Click a node, or Tab to it and press Enter, to edit it in the panel. Drag from a choice's numbered handle to a node to connect them (or use “Leads to” in the panel). Every change is written into the YAML; Undo takes it back."
          : "Click a node, or Tab to it and press Enter, to jump to its YAML. Scroll or use the buttons to zoom; drag to pan."}
      </p>
      <div role="toolbar" aria-label="Graph" className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
          onClick={() => void flow.fitView({ padding: 0.1, maxZoom: 1, duration: 250 })}
        >
          Fit to view
        </button>
        {editing ? (
          <>
            <button
              type="button"
              className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
              onClick={() => {
                setView({ kind: "add-node" });
                setFocusPanel((n) => n + 1);
              }}
            >
              Add node
            </button>
            <button
              type="button"
              className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
              onClick={() => editing.undo()}
            >
              Undo
            </button>
            <button
              type="button"
              className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
              onClick={() => editing.redo()}
            >
              Redo
            </button>
          </>
        ) : null}
      </div>
      {dragRefused ? (
        <p role="alert" className="rounded-md bg-rose-50 p-3 text-sm text-rose-900 ring-1 ring-rose-200">
          {dragRefused}
        </p>
      ) : null}
      {editing ? (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_24rem]">
          {canvas}
          <aside
            aria-label="Edit the scenario"
            className="rounded-lg border border-slate-200 bg-white shadow-sm xl:h-[36rem] xl:overflow-y-auto"
          >
            {editable ? (
              <GraphEditPanel
                scenario={editable}
                problems={problems ?? []}
                view={view}
                onView={setView}
                apply={apply}
                showInYaml={editing.showInYaml}
                headingRef={panelHeading}
              />
            ) : (
              <p className="p-4 text-sm text-slate-700">The text is not readable YAML right now: fix it in the Editor tab to edit here.</p>
            )}
          </aside>
        </div>
      ) : (
        canvas
      )}
      <NodeList graph={graph} onSelect={(id) => onSelectNode(id, { line: graph.nodes.find((n) => n.id === id)?.sourceLine ?? null })} />
    </section>
  );
}

/** Brings a newly highlighted path into view. */
function FitOnPath({ path }: { path: readonly string[] | undefined }) {
  const flow = useReactFlow();
  const key = path?.join("\u0000") ?? "";
  useEffect(() => {
    if (!key) return;
    const ids = [...new Set(key.split("\u0000"))];
    // Wait a frame: the nodes may have just been laid out.
    const frame = requestAnimationFrame(
      () => void flow.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.15, minZoom: 0.2, maxZoom: 1, duration: 300 }),
    );
    return () => cancelAnimationFrame(frame);
  }, [key, flow]);
  return null;
}

function graphSummary(graph: ConversationGraph): string {
  const endings = graph.nodes.filter((n) => n.ending).length;
  const unreachable = graph.nodes.filter((n) => n.unreachable).length;
  const deadEnds = graph.nodes.filter((n) => n.deadEnd).length;
  const missing = graph.nodes.filter((n) => n.missing).length;
  const parts = [
    plural(graph.nodes.length - missing, "node"),
    plural(endings, "ending"),
    plural(new Set(graph.edges.flatMap((e) => e.choices.map((c) => `${e.source}\u0000${c.id}`))).size, "choice"),
  ];
  if (unreachable) parts.push(`${unreachable} unreachable`);
  if (deadEnds) parts.push(plural(deadEnds, "dead end"));
  if (missing) parts.push(`${missing} unknown ${missing === 1 ? "target" : "targets"}`);
  return parts.join(" · ");
}

function nodeKindText(node: GraphNode): string[] {
  const words: string[] = [];
  if (node.start) words.push("Start");
  if (node.ending) words.push(`Ending: ${outcomeLabel(node.ending)}`);
  if (node.missing) words.push("Unknown node: no node has this id");
  if (node.unreachable) words.push("Unreachable");
  if (node.deadEnd) words.push("Dead end: no ending reachable");
  if (node.problems) words.push(plural(node.problems, "problem"));
  return words;
}

function nodeDescription(node: GraphNode): string {
  return [`Node ${node.id}`, ...nodeKindText(node), node.line ? `Customer: ${node.line}` : ""].filter(Boolean).join(". ");
}

function minimapColor(node: GraphNode): string {
  if (node.ending) return ENDING_STYLES[node.ending].minimap;
  if (node.missing || node.deadEnd) return "#be123c";
  if (node.unreachable) return "#d97706";
  return "#94a3b8";
}

function ScenarioNodeCard({ id, data }: NodeProps<FlowNode>) {
  const { node, onPath, dimmed, selected, choices } = data;
  // The card keeps its size when a choice is added or removed, so React Flow must be told its handles changed.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = choices?.map((c) => c.id).join("\u0000") ?? "";
  useEffect(() => updateNodeInternals(id), [handleKey, id, updateNodeInternals]);
  let box = "border-slate-300 bg-white";
  if (node.ending) box = ENDING_STYLES[node.ending].box;
  if (node.missing) box = "border-rose-700 border-dashed bg-rose-50";
  else if (node.deadEnd) box = "border-rose-700 bg-rose-50";
  else if (node.unreachable) box = "border-amber-600 border-dashed bg-amber-50";
  const badges = nodeKindText(node);
  return (
    <div
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={`relative flex flex-col rounded-md border-2 px-3 py-2 text-left shadow-sm ${box} ${onPath ? "ring-4 ring-brand-600" : ""} ${selected ? "outline-3 outline-offset-2 outline-sky-700" : ""} ${dimmed ? "opacity-50" : ""}`}
      data-testid={`graph-node-${node.id}`}
    >
      {/* Dropping a dragged choice anywhere on the card connects it; this is where edges arrive. */}
      <Handle
        type="target"
        position={Position.Top}
        isConnectable={choices !== null}
        className="!h-2 !w-2 !min-h-0 !min-w-0 !border-0 !bg-slate-500"
      />
      <div className="flex min-w-0 items-center gap-1.5 overflow-hidden">
        <span className="truncate font-mono text-[13px] font-semibold text-slate-900">{node.id}</span>
        {badges.slice(0, 2).map((b) => (
          <span
            key={b}
            className={`shrink-0 truncate rounded px-1 py-px text-[11px] font-semibold uppercase tracking-wide ${node.ending && b.startsWith("Ending") ? ENDING_STYLES[node.ending].badge : "bg-slate-800 text-white"}`}
          >
            {b.replace(/^Ending: /, "")}
          </span>
        ))}
      </div>
      {badges.length > 2 ? <p className="truncate text-[11px] font-semibold text-rose-800">{badges.slice(2).join(" · ")}</p> : null}
      <p className={`mt-1 text-sm leading-snug text-slate-800 ${badges.length > 2 || choices?.length ? "line-clamp-2" : "line-clamp-3"}`}>
        {node.line || (node.missing ? "Referenced by a choice, defined nowhere." : "")}
      </p>
      {/* Where the edges of a read-only graph leave (hidden behind the choice handles while editing). */}
      <Handle
        type="source"
        id="out"
        position={Position.Bottom}
        isConnectable={false}
        className={`!h-1.5 !w-1.5 !min-h-0 !min-w-0 !border-0 !bg-slate-400 ${choices?.length ? "opacity-0" : ""}`}
      />
      {choices?.map((choice, i) => (
        // One handle per choice, numbered as in the panel and the player (keys 1-5): drag it to a node.
        <Handle
          key={choice.id}
          id={`${CHOICE_HANDLE}${choice.id}`}
          type="source"
          position={Position.Bottom}
          isConnectable
          title={`Choice ${i + 1}: ${choice.text}. Drag to a node to connect.`}
          data-testid={`choice-handle-${choice.id}`}
          style={{ left: `${((i + 1) * 100) / (choices.length + 1)}%` }}
          className={`!flex !h-6 !w-6 !min-h-0 !min-w-0 items-center justify-center !rounded-full !border-2 text-[11px] font-bold ${choice.connected ? "!border-slate-700 !bg-white text-slate-900" : "!border-rose-700 !bg-rose-50 text-rose-900"}`}
        >
          <span className="pointer-events-none">{i + 1}</span>
        </Handle>
      ))}
    </div>
  );
}

const showLabelsSelector = (s: { transform: [number, number, number] }) => s.transform[2] >= 0.5;

function ChoiceEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data }: EdgeProps<FlowEdge>) {
  const showLabels = useStore(showLabelsSelector);
  let path: string;
  let labelX: number;
  let labelY: number;
  if (data?.loop) {
    // A choice that stays on its node: a loop out to the right of the card.
    const dx = NODE_WIDTH / 2 + 40;
    path = `M ${sourceX},${sourceY} C ${sourceX + dx},${sourceY + 50} ${targetX + dx},${targetY - 50} ${targetX},${targetY}`;
    labelX = sourceX + dx - 10;
    labelY = (sourceY + targetY) / 2;
  } else if (targetY - sourceY > RANK_GAP + NODE_HEIGHT / 2 || targetY < sourceY) {
    // An edge that skips ranks, or goes back up: out to a lane beside the nodes, along it, and
    // back in, so it never runs through the nodes in between (the layout does not route edges).
    const ranks = Math.abs(targetY - sourceY) / (NODE_HEIGHT + RANK_GAP);
    const side = targetX > sourceX + 1 ? 1 : targetX < sourceX - 1 ? -1 : hashSide(id);
    const lane = side * Math.min(NODE_WIDTH / 2 + 150, NODE_WIDTH / 2 + 24 + 12 * Math.round(ranks));
    const out = sourceX + lane;
    const back = targetX + lane;
    const dy = targetY >= sourceY ? 1 : -1;
    const turn = 36;
    path =
      `M ${sourceX},${sourceY} C ${sourceX},${sourceY + turn} ${out},${sourceY} ${out},${sourceY + turn * 1.5}` +
      ` L ${back},${targetY - dy * turn * 1.5 - (dy < 0 ? NODE_HEIGHT + 2 * turn : 0)}` +
      ` C ${back},${targetY - turn} ${targetX},${targetY - turn * 1.5} ${targetX},${targetY}`;
    labelX = out;
    labelY = sourceY + turn * 1.5 + 10;
  } else {
    [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  }
  const stroke = data?.onPath ? "#175752" : "#64748b";
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke, strokeWidth: data?.onPath ? 3 : 1.25, opacity: data?.dimmed ? 0.25 : 1 }}
      />
      {showLabels && data?.label ? (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan pointer-events-none absolute max-w-48 truncate rounded border px-1 py-px text-[10px] ${data.onPath ? "border-brand-600 bg-brand-50 font-semibold text-brand-800" : "border-slate-200 bg-white text-slate-700"} ${data.dimmed ? "opacity-40" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

/** Left or right, stably per edge, for long edges between nodes in the same column. */
function hashSide(id: string): 1 | -1 {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return h & 1 ? 1 : -1;
}

function Legend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800" aria-label="Legend">
      {ENDING_KINDS.map((kind) => (
        <li key={kind} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-sm ${ENDING_STYLES[kind].swatch}`} />
          Ending: {outcomeLabel(kind)}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm border-2 border-dashed border-amber-600 bg-amber-50" />
        Unreachable
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm border-2 border-rose-700 bg-rose-50" />
        Dead end or unknown node
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm ring-2 ring-brand-600" />
        Highlighted path
      </li>
    </ul>
  );
}

/** The same graph as a list: the text alternative for screen readers, and a quick index. */
function NodeList({ graph, onSelect }: { graph: ConversationGraph; onSelect: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const outgoing = useMemo(() => {
    const map = new Map<string, GraphEdge[]>();
    for (const e of graph.edges) {
      if (!map.has(e.source)) map.set(e.source, []);
      map.get(e.source)!.push(e);
    }
    return map;
  }, [graph]);
  return (
    <details className="rounded-lg border border-slate-200 bg-white shadow-sm" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer rounded-lg px-4 py-2 font-medium text-slate-900 hover:bg-slate-50">
        The graph as a list ({plural(graph.nodes.length, "node")})
      </summary>
      {open ? (
        <ol className="divide-y divide-slate-100 px-4 pb-3" data-testid="graph-node-list">
          {graph.nodes.map((node) => {
            const kinds = nodeKindText(node);
            return (
              <li key={node.id} className="py-2">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  {node.missing ? (
                    <span className="font-mono text-sm font-semibold text-slate-900">{node.id}</span>
                  ) : (
                    <button type="button" onClick={() => onSelect(node.id)} className={`${linkStyle} font-mono text-sm`}>
                      {node.id}
                    </button>
                  )}
                  {kinds.length ? <span className="text-sm font-medium text-slate-800">{kinds.join(" · ")}</span> : null}
                </div>
                {node.line ? <p className="text-sm text-slate-800">{node.line}</p> : null}
                {(outgoing.get(node.id) ?? []).length ? (
                  <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
                    {outgoing.get(node.id)!.map((e) => (
                      <li key={e.id}>
                        → <span className="font-mono">{e.target}</span>: {edgeLabel(e)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </details>
  );
}
