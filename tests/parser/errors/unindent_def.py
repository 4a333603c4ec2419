def f(x):
  return x
 print(x)
