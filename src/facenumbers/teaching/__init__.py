"""What surrounds the lessons, for instructors and self-learners: each idea defined once.

Each module reads one data file kept beside it (CSV for tables, TOML for questions) and
writes the page of ``docs/`` that shows it; ``make exercises`` keeps those pages up to date.

- :mod:`facenumbers.teaching.glossary`: every term the lessons define, with its one meaning.
- :mod:`facenumbers.teaching.syllabus`: the unit as an eight-week plan and as two sessions.
- :mod:`facenumbers.teaching.peer_instruction`: questions to vote on in class.
- :mod:`facenumbers.teaching.critique`: "critique the news" tasks with their rubrics.
- :mod:`facenumbers.teaching.reading`: further reading for each lesson.
- :mod:`facenumbers.teaching.inventory`: the concept inventory, sat before and after the unit.
"""
