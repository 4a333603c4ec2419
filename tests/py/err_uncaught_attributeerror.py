# Checks an uncaught AttributeError on an instance in a method call chain.
class Account:
    def __init__(self, owner):
        self.owner = owner

    def describe(self):
        return self.owner.upper() + ' has ' + str(self.balance)

acct = Account('ann')
print('created account for', acct.owner)
print(acct.describe())
