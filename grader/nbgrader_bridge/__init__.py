"""What nbgrader keeps: verdicts into its gradebook and autograded notebooks (`gradebook`),
nbgrader reused across students in a worker (`warm_nbgrader`), a class's results read
back (`classresults`) and the Canvas and Moodle exporters (`lms`).
"""
