"""A class on one machine's JupyterHub: ``make hub`` (docs/hub.md).

The parts, each in its own module:

- :mod:`.plan`: what the hub is (its folder, port, students and instructor), checked and saved,
  and the plain account of what it does to the machine and how to undo it;
- :mod:`.accounts`: the students' system accounts, homes and hand-in folders (run as root);
- :mod:`.environment`: the students' Python environment, installed from the course's lock;
- :mod:`.delivery`: the course's files copied into a student's home without overwriting
  what the student changed;
- :mod:`.config`: JupyterHub's settings for the plan (loaded by ``jupyterhub_config.py``);
- :mod:`.singleuser`: what each student's server runs first (the delivery), as the student;
- :mod:`.running`: starting and stopping the hub, and what it listens on;
- :mod:`.grading`: grading the inbox as the grader's own account, never as root;
- :mod:`.commands`: ``facenumbers hub plan|start|grade|undo`` (the make targets run them);
- :mod:`.rehearsal`: simulated students who log in, work and hand in, for the tests, the
  benchmark and an instructor's rehearsal of the first lecture.

Nothing here is imported by the lessons: it is instructors' tooling, like :mod:`facenumbers.grading`.
"""
