"""cvlab.core.training_runs: the steps every training script shares do what they did inline."""

import copy

import numpy as np
import torch

from cvlab.core.training_runs import optimiser_step, set_lr, start_run


def _model_and_loss():
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 2)
    x = torch.randn(8, 4)
    return model, lambda m: (m(x) ** 2).sum() * 100  # large: the clip matters


def test_optimiser_step_matches_the_inline_steps_with_and_without_clipping():
    for clip in (None, 1.0):
        model, loss_of = _model_and_loss()
        twin = copy.deepcopy(model)
        optimiser = torch.optim.Adam(model.parameters(), lr=0.1)
        twin_optimiser = torch.optim.Adam(twin.parameters(), lr=0.1)
        for _ in range(3):
            optimiser_step(optimiser, loss_of(model), clip_norm=clip)
            twin_optimiser.zero_grad(set_to_none=True)
            loss_of(twin).backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(twin.parameters(), clip)
            twin_optimiser.step()
        for a, b in zip(model.parameters(), twin.parameters()):
            assert torch.equal(a, b)


def test_set_lr_sets_every_group_of_every_optimiser():
    model, _ = _model_and_loss()
    first = torch.optim.SGD([model.weight], lr=1.0)
    second = torch.optim.SGD([{"params": [model.bias]}, {"params": []}], lr=1.0)
    set_lr(0.25, first, second)
    assert [g["lr"] for o in (first, second) for g in o.param_groups] == [0.25] * 3


def test_start_run_seeds_torch_and_numpy():
    rng, started, budget_s = start_run(7, 1.5)
    drawn = rng.random(), torch.rand(1).item()
    rng_again, _, _ = start_run(7, 1.5)
    assert (rng_again.random(), torch.rand(1).item()) == drawn
    assert budget_s == 90 and started > 0 and isinstance(rng, np.random.Generator)
