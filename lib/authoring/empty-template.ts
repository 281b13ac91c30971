/**
 * The empty starting point: the fields every scenario needs, and one opening node with no
 * choices yet. Built from the Graph tab (add nodes and choices there) without typing YAML; its
 * one problem ("neither choices nor an ending") says what to do first. Browser-safe.
 */
export function emptyScenarioTemplate(id: string): string {
  return `# A new, empty scenario. Build it in the Graph tab (add nodes and choices there), or write it here.

id: ${id}
title: New scenario
version: 1
difficulty: easy
brief: Describe the situation the trainee reads before the call.
persona:
  name: The customer
  description: Who they are, and how they feel today.
mood: { anger: 50, trust: 40 }

facts:
  - id: problem
    text: What went wrong for the customer

start: opening

nodes:
  - id: opening
    customer: Hello? I need some help, and quickly.
`;
}
