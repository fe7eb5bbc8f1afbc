"""Training: the training phenomena of the course, watched as they happen (issue 19).

The engine (no Qt, no torch at import time except in the demos' own modules):

* ``options``    - ``Option``: one setting of a demo (a slider, a switch or a choice);
* ``live``       - ``LiveRun``: curves and snapshots written by the job, read by the tab;
* ``demos``      - ``Demo``, ``DEMOS``, ``find_demo``: what each demo offers (torch-free);
* ``loop``       - what every demo's loop shares: seeding, cancel, snapshot pacing, progress;
* ``toy_data``   - the 2-D data sets (moons, spirals, circles, a noisy sine);
* ``fit``        - an MLP on 2-D data: decision boundary, under- and overfitting, remedies;
* ``vanishing``  - a deep MLP: per-layer gradient norms, sigmoid vs ReLU vs residual;
* ``backprop``   - a 2-2-1 network, back-propagation by hand, step by step;
* ``digits``     - a small CNN on 8×8 digits: plain vs residual at two depths;
* ``digits_data``- the digits themselves (resources/datasets, UCI via scikit-learn);
* ``augment``    - the augmentation transforms shown on photos;
* ``jobs``       - ``train_job``: a demo on the device worker;
* ``cli``        - ``cvlab train DEMO`` and ``cvlab train list``.
"""
