"""SIRET and RNA numbers that pass the checks (Luhn keys, RNA pattern) and never repeat."""

import random

from stdnum import luhn

LA_POSTE_SIREN = "356000000"  # its establishments follow another rule: never generated


class Sirets:
    """The i-th SIRET of a run: an affine bijection of i modulo 10⁸ picks the SIREN's first eight
    digits (distinct for distinct i, scattered by the seed), Luhn keys complete SIREN and SIRET."""

    def __init__(self, rng: random.Random) -> None:
        self.step = rng.randrange(10**7, 10**8) | 1  # odd…
        if self.step % 5 == 0:  # …and not a multiple of 5: coprime with 10⁸
            self.step += 2
        self.offset = rng.randrange(10**8)
        self.index = 0

    def next(self, rng: random.Random) -> str:
        while True:
            base = f"{(self.step * self.index + self.offset) % 10**8:08d}"
            self.index += 1
            siren = base + luhn.calc_check_digit(base)
            if siren != LA_POSTE_SIREN:
                break
        # The head office's establishment number: 0001 to 0009 then its key.
        nic = f"000{rng.randint(1, 9)}"
        return siren + nic + luhn.calc_check_digit(siren + nic)


class RnaNumbers:
    """« W » then the three characters of the prefecture's code and a serial: W143004518."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serials: dict[str, int] = {}

    def next(self, department: str) -> str:
        prefix = (department + "1")[:3] if len(department) == 2 else department[:3]
        serial = self.serials.get(prefix)
        if serial is None:
            serial = self.rng.randrange(0, 500_000)
        self.serials[prefix] = serial + 1
        return f"W{prefix}{serial:06d}"
