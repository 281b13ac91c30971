/**
 * The commented starting point for a new scenario. It loads with no problems, so a trainer can
 * playtest it at once and change it one step at a time. Browser-safe (no Node imports).
 */
export function scenarioTemplate(id: string): string {
  return `# A new scenario. Every line starting with # is a comment: delete them when you are done.
# Check your work as you type: problems show in the margin and in the list below the editor.
# Text needs quotes ("like this") only if it contains ": " or " #", or starts with a quote or bracket.

id: ${id}                     # lower-case letters, digits, - and _; the scenario's name in URLs
title: Internet down before a client call
version: 1                    # your own label; the workspace numbers saved versions itself
difficulty: easy              # easy | medium | hard
brief: |                      # what the trainee reads before the call
  Sam's home internet has been down since this morning and they have a video call with an
  important client at 3 pm. Hear them out, check you have understood, and agree a next step
  you can really deliver.
persona:
  name: Sam Carter
  description: Freelance designer working from home; normally easy-going, today under pressure.
mood: { anger: 60, trust: 30 }   # starting mood, 0-100 each

facts:                        # what a good paraphrase must cover
  - id: outage
    text: The internet has been down since this morning
  - id: client-call
    text: They have an important client call at 3 pm

start: opening                # the first node

nodes:
  - id: opening
    customer: My internet has been down all morning and I have a client call at three. This is a disaster.
    choices:
      - id: invite-story
        text: That sounds really stressful. Tell me what has happened so far; I'm listening.
        tags: [listen]
        mood: { anger: -10, trust: 5 }
        feedback: Letting the customer tell the whole story first lowers the pressure.
        next: story
      - id: tell-calm-down
        text: Please calm down, sir or madam.
        tags: [calm-down]
        mood: { anger: 15, trust: -10 }
        feedback: '"Calm down" tells the customer their feelings are the problem.'
        next: story

  - id: story
    customer:                 # the first line whose \`when\` holds is said
      - when: anger >= 60
        text: I've restarted the router three times! Nothing works and nobody tells me anything.
      - text: I've restarted the router a few times, but it still won't connect.
    choices:
      - id: sorry-specific
        text: I'm sorry you've lost a whole morning, with your client call so close.
        tags: [acknowledge]
        mood: { anger: -10, trust: 10 }
        feedback: Naming what the outage costs them shows you understand.
        next: details
      - id: read-policy
        text: Our policy is that outages are fixed within 24 hours.
        tags: [deflect]
        mood: { anger: 10, trust: -10 }
        feedback: Quoting policy defends the company instead of helping the customer.
        next:                 # branches are checked on the mood after this choice
          - when: anger >= 80
            to: hang-up
          - to: details

  - id: details
    customer: So what are you going to do about it?
    choices:
      - id: ask-lights
        text: Can you tell me which lights you can see on the router right now?
        tags: [explore]
        mood: { anger: -5, trust: 5 }
        feedback: A specific, open question gets the facts you need.
        next: summary
      - id: promise-fixed
        text: Don't worry, it will definitely be fixed in ten minutes.
        tags: [overpromise]
        mood: { anger: -5 }
        feedback: You cannot know that. A guarantee outside your control is a critical error.
        next: escalate

  - id: summary
    customer: The power light is on and the internet light is red.
    choices:
      - id: sum-up
        text: So the connection has been down since this morning, and you need it for a client call at 3 pm. Have I got that right?
        tags: [paraphrase, confirm]
        facts: [outage, client-call]
        mood: { anger: -10, trust: 10 }
        feedback: A summary with both key facts, checked with the customer.
        next: plan

  - id: plan
    customer: Yes, exactly. Can you fix it in time?
    choices:
      - id: own-next-step
        text: I'll book an engineer check on the line now and call you back by 1 pm with what they find. If it is not fixed by then, we can set you up with a mobile hotspot for the call.
        tags: [commit, options, own]
        mood: { anger: -15, trust: 15 }
        feedback: An owner, a time and a fallback the customer can hold you to.
        next: resolved
      - id: someone-will-call
        text: Someone will look into it at some point.
        tags: [vague-promise]
        mood: { anger: 10, trust: -10 }
        feedback: No owner and no time; the customer has nothing to hold on to.
        next: escalate

  - id: resolved
    customer: Thank you, that's a real plan. I'll wait for your call.
    ending: { kind: resolved, summary: The customer has a plan and a time. }

  - id: escalate
    customer: That's not good enough. I want to speak to your manager.
    ending: { kind: escalated, summary: The customer asked for a manager. }

  - id: hang-up
    customer: Forget it, I'm done.
    ending: { kind: hung-up, summary: The customer hung up. }
`;
}
